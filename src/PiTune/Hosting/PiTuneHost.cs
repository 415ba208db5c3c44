using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Configuration;
using PiTune.Conflicts;
using PiTune.Inference;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Sampling;
using PiTune.Core.Tuning;
using PiTune.Governor;
using PiTune.Linux;
using PiTune.Linux.Files;
using PiTune.Linux.Tuning;
using PiTune.Logging;
using PiTune.Memory;
using PiTune.Priority;
using PiTune.Profiles;
using PiTune.Sampling;
using PiTune.Simulation;
using PiTune.Systemd;
using PiTune.Telemetry;
using PiTune.Thermal;
using Serilog;

namespace PiTune.Hosting;

/// <summary>Wires the daemon: one hosted service per job around one metrics bus, the ledger, systemd and logging.</summary>
internal static class PiTuneHost
{
    public static IHost Build(RunContext run, ConfigurationManager configuration)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Configuration = configuration,
            DisableDefaults = true,
            ApplicationName = "pitune",
            ContentRootPath = AppContext.BaseDirectory,
        });
        IServiceCollection services = builder.Services;

        // systemd: SystemdLifetime when started as a unit; our notifier carries READY/STATUS/WATCHDOG.
        services.AddSystemd();
        services.AddSingleton(SdNotifier.FromEnvironment());
        services.AddSingleton<ISystemdNotifier>(sp => sp.GetRequiredService<SdNotifier>());
        services.AddSingleton(WatchdogSettings.FromEnvironment());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        services.AddPiTuneOptions(configuration);
        services.AddSingleton(run);
        services.AddSingleton(run.Time);
        services.AddSingleton(sp => new WatchedSysFiles(new RootedSysFiles(sp.GetRequiredService<IOptionsMonitor<PlatformOptions>>().CurrentValue.Root)));
        services.AddSingleton<ISysFiles>(sp => sp.GetRequiredService<WatchedSysFiles>());
        services.AddSingleton<IMachine>(sp => LinuxMachine.Discover(sp.GetRequiredService<ISysFiles>()));
        services.AddSingleton<IMetricsBus, MetricsBus>();
        services.AddSingleton<Sampler>();
        services.AddSingleton(sp => TuningLedger.Open(
            sp.GetRequiredService<ISysFiles>(),
            sp.GetRequiredService<IOptionsMonitor<StateOptions>>().CurrentValue,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TuningLedger>>()));
        services.AddSingleton<ITuningLedger>(sp => sp.GetRequiredService<TuningLedger>());

        // Hosted services start in this order and stop in reverse: the ledger first, so it restores last.
        services.AddHostedService<LedgerService>();
        if (run.Simulator is { } simulator)
        {
            services.AddSingleton(simulator);
            services.AddHostedService<SimulationService>();
        }

        services.AddSingleton<ConfigReloadService>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigReloadService>());
        services.AddProfiles();
        services.AddHostedService<SamplerService>();
        services.AddTelemetry();

        // Jobs: one line each, registered by the job's own folder (src/PiTune/<Job>/<Job>Registration.cs).
        services.AddMemoryJob();
        services.AddGovernorJob();
        services.AddPriorityJob();
        services.AddThermalJob();
        services.AddConflictWatch();
        services.AddInferenceJob(configuration);

        services.AddHostedService<ReadinessService>();
        if (run.RunFor is { } duration)
        {
            services.AddSingleton(new RunForOptions(duration));
            services.AddHostedService<RunForService>();
        }

        services.AddSerilog((sp, logger) => ConfigureLogging(logger, configuration, sp.GetRequiredService<IOptionsMonitor<LogOptions>>().CurrentValue));
        return builder.Build();
    }

    private static void ConfigureLogging(LoggerConfiguration logger, IConfiguration configuration, LogOptions options)
    {
        // Problems with the levels were refused before start (check-config, ConfigChecker); defaults stand in here.
        LogLevels.Read(configuration, problems: []).ApplyTo(logger);
        logger.Enrich.FromLogContext()
            .Enrich.With<ServiceEnricher>();

        bool journal = options.Target switch
        {
            LogTarget.Journal => true,
            LogTarget.Console => false,
            _ => JournalDetection.ShouldUseJournal(options.JournalSocket),
        };

        if (journal)
        {
            logger.WriteTo.Journald(options.JournalSocket);
        }
        else
        {
            logger.WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Service,-9} {Message:lj}{NewLine}{Exception}",
                formatProvider: CultureInfo.InvariantCulture);
        }
    }
}
