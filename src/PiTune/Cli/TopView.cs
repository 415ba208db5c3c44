using System.Globalization;
using PiTune.Core.Platform;

namespace PiTune.Cli;

/// <summary>
/// One frame of <c>pitune top</c> for a terminal of a given size: a header (version, governor, profile), the throttle
/// flags, an under-voltage banner when the supply sags, then one row per reading with its value and a sparkline of its
/// history. Pure: the same inputs give the same lines, each at most <c>width</c> columns of text (colour codes aside).
/// </summary>
internal static class TopView
{
    private const int LabelWidth = 14;
    private const int ValueWidth = 26;

    private const string Reset = "\e[0m";
    private const string Bold = "\e[1m";
    private const string Dim = "\e[2m";
    private const string Red = "\e[31m";
    private const string Yellow = "\e[33m";
    private const string Green = "\e[32m";
    private const string Cyan = "\e[36m";
    private const string Alarm = "\e[1;97;41m";

    public static IReadOnlyList<string> Render(TopFrame frame, int width, int height, bool color)
    {
        ArgumentNullException.ThrowIfNull(frame);
        width = Math.Max(width, 20);
        var lines = new List<string>();
        IReadOnlyList<TopSample> samples = frame.Samples;
        TopSample? last = samples.Count > 0 ? samples[^1] : null;

        lines.Add(Header(frame, width, color));
        if (frame.Error is { } error)
        {
            lines.Add(Paint(Fit(" " + error, width), Alarm, color));
        }

        if (last?.UnderVoltage == true || (last?.Throttle is { } raw && (raw & (uint)ThrottleFlags.UnderVoltage) != 0))
        {
            lines.Add(Paint(Fit(" !! UNDER-VOLTAGE NOW: the supply is sagging; use the official 27 W (5 V 5 A) supply !!", width), Alarm + "\e[5m", color));
        }

        lines.Add(Throttle(last, width, color));
        lines.Add("");
        if (last?.Stale == true)
        {
            lines.Add(Paint(Fit(" sampling is stuck: the latest snapshot has no readings", width), Yellow, color));
        }

        int sparkWidth = Math.Max(0, width - LabelWidth - ValueWidth - 1);
        double maxKHz = samples.Select(s => s.MaxKHz ?? 0).DefaultIfEmpty(0).Max();
        Row(lines, "temperature", last is null ? "" : Celsius(last.TemperatureC), samples, s => s.TemperatureC, 30, 85, sparkWidth, color,
            last?.TemperatureC is >= 80 ? Red : last?.TemperatureC is >= 70 ? Yellow : Green);
        Row(lines, "frequency", last is null ? "" : $"{GHz(last.CurrentKHz)} cap {GHz(last.ThermalCapKHz ?? last.MaxKHz)}", samples, s => s.CurrentKHz, 0, Math.Max(maxKHz, 1), sparkWidth, color,
            last?.ThermalCapKHz is not null ? Yellow : Cyan);
        Row(lines, "fan", last is null ? "" : $"{Percent(last.FanDutyPercent)} {Whole(last.FanRpm, "rpm")}", samples, s => s.FanDutyPercent, 0, 100, sparkWidth, color, Cyan);
        Row(lines, "cpu", last is null ? "" : Percent(last.CpuPercent), samples, s => s.CpuPercent, 0, 100, sparkWidth, color, Cyan);
        Row(lines, "memory", last is null ? "" : $"{Percent(last.MemoryPercent)} psi {Fixed(last.MemoryPressure, "0.00")}{(frame.Status?.PressureState is { } p and not "normal" and not "unknown" ? " " + p : "")}",
            samples, s => s.MemoryPressure, 0, Math.Max(10, samples.Select(s => s.MemoryPressure ?? 0).DefaultIfEmpty(0).Max()), sparkWidth, color,
            frame.Status?.PressureState == "high" ? Red : Cyan);
        Row(lines, "queue", last is null ? "" : Whole(last.QueueDepth, "waiting"), samples, s => s.QueueDepth, 0, Peak(samples, s => s.QueueDepth, 1), sparkWidth, color, Cyan);
        Row(lines, "latency p95", last is null ? "" : Fixed(last.LatencyP95Ms, "0.0") + " ms", samples, s => s.LatencyP95Ms, 0, Peak(samples, s => s.LatencyP95Ms, 1), sparkWidth, color, Cyan);
        Row(lines, "requests", last is null ? "" : Fixed(last.RequestsPerSecond, "0.0") + " /s", samples, s => s.RequestsPerSecond, 0, Peak(samples, s => s.RequestsPerSecond, 1), sparkWidth, color, Cyan);
        lines.Add("");
        string span = samples.Count > 1 ? Duration(samples[^1].Timestamp - samples[Math.Max(0, samples.Count - sparkWidth)].Timestamp) : "0 s";
        lines.Add(Paint(Fit($" charts: last {span}, newest at the right; memory charts pressure (psi some avg10)   q quits", width), Dim, color));

        if (lines.Count > height)
        {
            lines.RemoveRange(Math.Max(1, height), lines.Count - Math.Max(1, height));
        }

        return lines;
    }

    private static string Header(TopFrame frame, int width, bool color)
    {
        TopStatus? s = frame.Status;
        string text = s is null
            ? $" pitune top · {frame.Socket}"
            : $" pitune {s.Version}{(s.Simulated ? " (simulated)" : "")} · up {Duration(TimeSpan.FromSeconds(s.UptimeSeconds))} · governor {s.Governor ?? "n/a"}"
              + (s.Profile is { } profile ? $" · profile {profile}" : "")
              + $" · models {s.ModelsReady}/{s.Models} ready";
        return Paint(Fit(text, width), Bold, color);
    }

    private static string Throttle(TopSample? last, int width, bool color)
    {
        if (last?.Throttle is not { } raw)
        {
            return Fit(" throttle: n/a (no firmware flags)", width);
        }

        var flags = (ThrottleFlags)raw;
        (string Name, ThrottleFlags Now, ThrottleFlags Ever)[] all =
        [
            ("under-voltage", ThrottleFlags.UnderVoltage, ThrottleFlags.UnderVoltageOccurred),
            ("freq-capped", ThrottleFlags.ArmFrequencyCapped, ThrottleFlags.ArmFrequencyCappedOccurred),
            ("throttled", ThrottleFlags.Throttled, ThrottleFlags.ThrottledOccurred),
            ("soft-limit", ThrottleFlags.SoftTemperatureLimit, ThrottleFlags.SoftTemperatureLimitOccurred),
        ];
        string head = $" throttle 0x{raw.ToString("x", CultureInfo.InvariantCulture)}:";
        int used = head.Length;
        var text = new System.Text.StringBuilder(head);
        foreach ((string name, ThrottleFlags now, ThrottleFlags ever) in all)
        {
            (string word, string paint) = (flags & now) != 0 ? ($"{name} NOW", Red + Bold) : (flags & ever) != 0 ? ($"{name} since boot", Yellow) : ($"{name} no", Green);
            if (used + 1 + word.Length > width)
            {
                break;
            }

            text.Append(' ').Append(Paint(word, paint, color));
            used += 1 + word.Length;
        }

        return text.ToString();
    }

    private static void Row(List<string> lines, string label, string value, IReadOnlyList<TopSample> samples, Func<TopSample, double?> read,
        double low, double high, int sparkWidth, bool color, string paint)
    {
        var values = new List<double?>(Math.Min(samples.Count, sparkWidth));
        for (int i = Math.Max(0, samples.Count - sparkWidth); i < samples.Count; i++)
        {
            values.Add(read(samples[i]));
        }

        string line = " " + label.PadRight(LabelWidth - 1) + Fit(value, ValueWidth - 1).PadRight(ValueWidth - 1) + " ";
        lines.Add(line + Paint(Sparkline.Render(values, sparkWidth, low, high), paint, color));
    }

    private static double Peak(IReadOnlyList<TopSample> samples, Func<TopSample, double?> read, double floor) =>
        Math.Max(floor, samples.Select(s => read(s) ?? 0).DefaultIfEmpty(0).Max());

    private static string Paint(string text, string code, bool color) => color && text.Length > 0 ? code + text + Reset : text;

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..width];

    private static string Celsius(double? c) => c is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " °C" : "n/a";

    private static string GHz(double? khz) => khz is { } v ? (v / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " GHz" : "n/a";

    private static string Percent(double? p) => p is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Whole(double? v, string unit) => v is { } x ? x.ToString("0", CultureInfo.InvariantCulture) + " " + unit : "n/a";

    private static string Fixed(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    internal static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{Math.Max(0, (int)t.TotalSeconds)} s";
}
