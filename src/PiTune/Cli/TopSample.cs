using System.Globalization;
using System.Text.Json;

namespace PiTune.Cli;

/// <summary>One entry of <c>GET /status/history</c> as <c>pitune top</c> reads it; null where the daemon had no reading.</summary>
internal sealed record TopSample(
    long Sequence,
    DateTimeOffset Timestamp,
    bool Stale,
    double? TemperatureC,
    double? CurrentKHz,
    double? MaxKHz,
    double? ThermalCapKHz,
    double? FanDutyPercent,
    double? FanRpm,
    double? CpuPercent,
    double? MemoryPercent,
    double? MemoryPressure,
    double? QueueDepth,
    double? RequestsPerSecond,
    double? LatencyP95Ms,
    uint? Throttle,
    bool? UnderVoltage)
{
    public static TopSample Parse(JsonElement e)
    {
        e.TryGetProperty("latency_ms", out JsonElement latency);
        string? throttle = Text(e, "throttle");
        return new TopSample(
            e.GetProperty("sequence").GetInt64(),
            e.TryGetProperty("timestamp", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out DateTimeOffset ts) ? ts : default,
            e.TryGetProperty("stale", out JsonElement stale) && stale.ValueKind == JsonValueKind.True,
            Number(e, "temperature_c"),
            Number(e, "current_khz"),
            Number(e, "max_khz"),
            Number(e, "thermal_cap_khz"),
            Number(e, "fan_duty_percent"),
            Number(e, "fan_rpm"),
            Number(e, "cpu_percent"),
            Number(e, "memory_percent"),
            Number(e, "memory_pressure_some_avg10"),
            Number(e, "queue_depth"),
            Number(e, "requests_per_second"),
            latency.ValueKind == JsonValueKind.Object ? Number(latency, "p95") : null,
            throttle is ['0', 'x', .. string hex] && uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint raw) ? raw : null,
            e.TryGetProperty("under_voltage", out JsonElement uv) && uv.ValueKind is JsonValueKind.True or JsonValueKind.False ? uv.GetBoolean() : null);
    }

    internal static double? Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    internal static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
