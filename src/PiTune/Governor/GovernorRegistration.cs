using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Governor;
using PiTune.Core.Inference;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Linux.Files;
using PiTune.Telemetry;

namespace PiTune.Governor;

/// <summary>Registers the CPU governor job: its controller and its snapshot contributor.</summary>
internal static class GovernorRegistration
{
    public static IServiceCollection AddGovernorJob(this IServiceCollection services)
    {
        services.AddSingleton<IMetricsContributor>(sp => new GovernorMetricsContributor(sp.GetRequiredService<IMachine>(), sp.GetRequiredService<TimeProvider>()));

        // The batcher's activity signal is optional: without inference the job judges activity from CPU usage.
        services.AddHostedService(sp => new GovernorService(
            sp.GetRequiredService<IMachine>(),
            sp.GetRequiredService<IMetricsBus>(),
            sp.GetRequiredService<ITuningLedger>(),
            sp.GetRequiredService<IOptionsMonitor<GovernorOptions>>(),
            sp.GetRequiredService<ISysFiles>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GovernorService>>(),
            sp.GetService<IInferenceActivity>(),
            sp.GetService<PiTuneInstruments>()));
        return services;
    }
}
