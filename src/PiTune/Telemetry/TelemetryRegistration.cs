using Microsoft.Extensions.DependencyInjection;
using PiTune.Api;

namespace PiTune.Telemetry;

/// <summary>Registers the <c>PiTune</c> meter's daemon instruments, the Prometheus exporter, the status report the API serves and its history.</summary>
internal static class TelemetryRegistration
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PiTuneInstruments>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<StatusWriter>();
        services.AddSingleton<SnapshotHistory>();
        services.AddSingleton<HistoryWriter>();
        services.AddSingleton<StatusEndpoints>();
        return services;
    }
}
