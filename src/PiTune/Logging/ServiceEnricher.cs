using Serilog.Core;
using Serilog.Events;

namespace PiTune.Logging;

/// <summary>
/// Adds <c>Service</c> (which job logged the event: sampler, thermal, governor, ...) from the logger's
/// category, so the console shows it and the journal gets it as <c>PITUNE_SERVICE</c>.
/// </summary>
internal sealed class ServiceEnricher : ILogEventEnricher
{
    public const string PropertyName = "Service";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(propertyFactory);
        string? context = logEvent.Properties.TryGetValue("SourceContext", out LogEventPropertyValue? value)
            && value is ScalarValue { Value: string s } ? s : null;
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(PropertyName, ServiceOf(context)));
    }

    /// <summary>
    /// The job a logger category belongs to: the folder after the project, e.g.
    /// <c>PiTune.Core.Thermal.ThermalPolicy</c> → <c>thermal</c>, <c>PiTune.Sampling.SamplerService</c> → <c>sampler</c>.
    /// </summary>
    public static string ServiceOf(string? category)
    {
        if (string.IsNullOrEmpty(category) || !category.StartsWith("PiTune.", StringComparison.Ordinal))
        {
            return "host";
        }

        string[] parts = category.Split('.');
        if (parts[1] == "Simulation")
        {
            return "simulator";
        }

        // Library projects add a level: PiTune.Core.<Job>.Type, PiTune.Linux.<Job>.Type.
        bool library = parts[1] is "Core" or "Linux" or "Inference";
        int folder = library && parts.Length > 3 ? 2 : 1;
        return parts[folder] switch
        {
            "Linux" => "platform",
            "Sampling" => "sampler",
            "Tuning" => "ledger",
            "Configuration" => "config",
            "Hosting" or "Cli" or "Systemd" or "Logging" => "host",
            var job => job.ToLowerInvariant(),
        };
    }
}
