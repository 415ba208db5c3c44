using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Linux.Files;
using PiTune.Linux.Fan;

namespace PiTune.Thermal;

/// <summary>Registers the thermal and fan job.</summary>
internal static class ThermalRegistration
{
    public static IServiceCollection AddThermalJob(this IServiceCollection services)
    {
        services.AddSingleton<ThermalContributor>();
        services.AddSingleton<IMetricsContributor>(sp => sp.GetRequiredService<ThermalContributor>());
        services.AddSingleton(sp => new ThermalController(
            sp.GetRequiredService<IMachine>(),
            sp.GetRequiredService<ISysFiles>(),
            sp.GetRequiredService<ITuningLedger>(),
            sp.GetRequiredService<ThermalContributor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ThermalController>>()));
        services.AddHostedService<ThermalService>();
        return services;
    }
}
