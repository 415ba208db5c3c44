using Microsoft.Extensions.DependencyInjection;
using PiTune.Api;

namespace PiTune.Telemetry;

/// <summary>Registers the <c>PiTune</c> meter's daemon instruments, the Prometheus exporter and the status report the API serves.</summary>
internal static class TelemetryRegistration
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PiTuneInstruments>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<StatusWriter>();
        services.AddSingleton<StatusEndpoints>();
        return services;
    }
}
