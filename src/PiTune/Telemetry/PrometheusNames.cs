namespace PiTune.Telemetry;

/// <summary>
/// Prometheus names for meter instruments, as the OpenTelemetry Prometheus exporter forms them: dots become
/// underscores, the unit is spelled out as a suffix (<c>ms</c> → <c>_milliseconds</c>) unless the name already says
/// it, annotations in braces (<c>{request}</c>) add nothing, and counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    public static string For(string instrument, string? unit, bool counter)
    {
        string name = instrument.Replace('.', '_').Replace('-', '_');
        string? suffix = unit switch
        {
            "ms" => "milliseconds",
            "s" => "seconds",
            "By" => "bytes",
            "Cel" => "celsius",
            "%" => "percent",
            "kHz" => "kilohertz",
            "{request}/s" => "per_second",
            _ => null,
        };
        if (suffix is not null && !name.Split('_').Contains(suffix.Split('_')[0], StringComparer.Ordinal))
        {
            name += "_" + suffix;
        }

        return counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }
}
