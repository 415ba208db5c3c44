using System.Globalization;
using System.Text.Json;

namespace PiTune.Cli;

/// <summary>
/// The readable form of <c>GET /status</c>: aligned sections with units, in the spirit of <c>tuned-adm active</c>
/// and <c>vcgencmd measure_temp</c>/<c>get_throttled</c>. A reading the daemon could not take prints "n/a".
/// </summary>
internal static class StatusPrinter
{
    private const string NotAvailable = "n/a";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Print(JsonElement s, TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.WriteLine($"pitune {Str(s, "version")}, up {Duration(Num(s, "uptime_seconds") ?? 0)}{(Bool(s, "simulated") == true ? " (simulated Pi 5)" : "")}");
        Line(o, "config", Str(s, "config_source"));
        if (s.TryGetProperty("profile", out JsonElement profile) && profile.ValueKind == JsonValueKind.Object)
        {
            Line(o, "profile", $"{Str(profile, "name")} ({Str(profile, "reason")})");
        }

        if (s.TryGetProperty("snapshot", out JsonElement snap) && snap.ValueKind == JsonValueKind.Object)
        {
            Line(o, "snapshot", $"#{Num(snap, "sequence")}, {Num(snap, "age_seconds")?.ToString("0.0", Invariant)} s old"
                + (Bool(snap, "stale") == true ? $" — STALE: {Str(snap, "stale_reason")}" : ""));
            PrintReadings(s, o);
        }
        else
        {
            Line(o, "snapshot", "none yet (the daemon has just started)");
        }

        if (s.TryGetProperty("conflicts", out JsonElement conflicts) && conflicts.GetArrayLength() > 0)
        {
            o.WriteLine();
            o.WriteLine("Conflicts (other tools that would fight PiTune)");
            foreach (JsonElement c in conflicts.EnumerateArray())
            {
                Line(o, Str(c, "name"), $"over {Str(c, "fights_over")} ({Str(c, "found_by")})");
            }
        }

        if (s.TryGetProperty("pool", out JsonElement pool))
        {
            o.WriteLine();
            o.WriteLine("Buffer pool");
            Line(o, "memory", $"{Bytes(Num(pool, "bytes_in_use"))} in use, {Bytes(Num(pool, "bytes_free"))} free, budget {Bytes(Num(pool, "budget_bytes"))}");
            Line(o, "rents", $"{Num(pool, "hits")} hits, {Num(pool, "misses")} misses, {Num(pool, "evictions")} evictions");
        }

        PrintModels(s, o);
        PrintChanges(s, o);
    }

    private static void PrintReadings(JsonElement s, TextWriter o)
    {
        if (s.TryGetProperty("optimization", out JsonElement opt))
        {
            JsonElement t = opt.GetProperty("thresholds");
            Line(o, "optimized", $"{YesNo(Bool(opt, "is_optimized"))} (cpu < {Num(t, "cpu_percent")} %, memory < {Num(t, "memory_percent")} %, " +
                $"temperature < {Num(t, "temperature_c")} °C, accelerator < {Num(t, "accelerator_percent")} %)");
        }

        JsonElement cpu = s.GetProperty("cpu");
        o.WriteLine();
        o.WriteLine("CPU");
        JsonElement[] policies = cpu.TryGetProperty("policies", out JsonElement p) ? [.. p.EnumerateArray()] : [];
        if (policies.Length == 0)
        {
            Line(o, "governor", Str(cpu, "governor"));
            Line(o, "frequency", $"{Ghz(Num(cpu, "current_khz"))} (max {Ghz(Num(cpu, "max_khz"))})");
        }

        foreach (JsonElement policy in policies)
        {
            string name = Str(policy, "name");
            Line(o, "governor", $"{name}: {Str(policy, "governor")}");
            Line(o, "frequency", $"{name}: {Ghz(Num(policy, "current_khz"))} (max {Ghz(Num(policy, "max_khz"))})");
            if (policy.TryGetProperty("seconds_per_governor", out JsonElement times) && times.EnumerateObject().Any())
            {
                Line(o, "time", $"{name}: " + string.Join(", ", times.EnumerateObject().Select(g => $"{g.Name} {Duration(g.Value.GetDouble())}")));
            }
        }

        Line(o, "thermal cap", Num(cpu, "thermal_cap_khz") is { } cap ? Ghz(cap) : "none");
        Line(o, "usage", $"{Pct(Num(cpu, "usage_percent"))} (pressure some avg10 {Pct(Num(cpu, "pressure_some_avg10"))})");

        JsonElement th = s.GetProperty("thermal");
        o.WriteLine();
        o.WriteLine("Thermal");
        Line(o, "temp", $"{Deg(Num(th, "temperature_c"))}{(Bool(th, "sensor_fault") == true ? " (sensor fault: fan at its safe duty)" : "")}");
        Line(o, "state", $"{Str(th, "state")}, soft limit {Deg(Num(th, "soft_limit_c"))}, {Num(th, "throttle_episodes")} throttle episode(s) since start");
        JsonElement fan = th.GetProperty("fan");
        string driver = Bool(fan, "controlled_by_pitune") == true ? "controlled by PiTune" : "kernel controls it";
        if (fan.TryGetProperty("device", out JsonElement device) && device.ValueKind == JsonValueKind.String)
        {
            Line(o, "fan device", device.GetString()!);
        }

        Line(o, "fan", $"{Pct(Num(fan, "duty_percent"), "0")} duty, {(Num(fan, "rpm") is { } rpm ? rpm.ToString("0", Invariant) + " rpm" : "rpm n/a")}, {driver}" +
            (Bool(fan, "failed") == true ? ", FAILED (driven but the tachometer reads 0)" : ""));
        if (th.TryGetProperty("throttle", out JsonElement flags) && flags.ValueKind == JsonValueKind.Object)
        {
            Line(o, "throttled", $"{Str(flags, "raw")}  " + string.Join("  ", new[]
            {
                ("under-voltage", "under_voltage"), ("capped", "frequency_capped"), ("throttled", "throttled"), ("soft limit", "soft_temperature_limit"),
            }.Select(f => $"{f.Item1}: {Flag(flags.GetProperty(f.Item2))}")));
        }
        else
        {
            Line(o, "throttled", NotAvailable + " (no firmware get_throttled)");
        }

        Line(o, "supply", Bool(th, "under_voltage") switch { true => "UNDER-VOLTAGE now", false => "ok", null => NotAvailable });

        JsonElement mem = s.GetProperty("memory");
        o.WriteLine();
        o.WriteLine("Memory");
        Line(o, "used", $"{Pct(Num(mem, "usage_percent"))}, {Bytes(Num(mem, "available_bytes"))} available of {Bytes(Num(mem, "total_bytes"))}, swap used {Bytes(Num(mem, "swap_used_bytes"))}");
        Line(o, "pressure", $"{Str(mem, "pressure_state")} (some avg10 memory {Pct(Num(mem, "pressure_some_avg10"))}, io {Pct(Num(mem, "io_pressure_some_avg10"))})");
        if (mem.TryGetProperty("pressure_limits", out JsonElement limits) && limits.ValueKind == JsonValueKind.Object)
        {
            Line(o, "limits", $"batch size at most {(Num(limits, "batch_size_cap") is { } batchCap ? batchCap.ToString("0", Invariant) : "uncapped (no batcher)")}, "
                + $"pool trimmed to {(Num(limits, "pool_limit_bytes") is { } bytes ? Bytes(bytes) : "n/a (no pool)")} until pressure ends");
        }

        JsonElement acc = s.GetProperty("accelerator");
        o.WriteLine();
        o.WriteLine("Inference");
        Line(o, "busy", $"{Pct(Num(acc, "busy_percent"))}, {Num(acc, "requests_per_second")?.ToString("0.##", Invariant)} requests/s, queue {Num(acc, "queue_depth")}, " +
            Latency(acc) + " (last tick)");
        if (acc.TryGetProperty("chip", out JsonElement chip) && chip.ValueKind == JsonValueKind.Object)
        {
            Line(o, "chip", $"{Str(chip, "architecture")}, {Celsius(Num(chip, "ts0_c"))} / {Celsius(Num(chip, "ts1_c"))} (ts0 / ts1), " +
                $"{Num(chip, "frames_per_second")?.ToString("0.#", Invariant)} frames/s, {Num(chip, "frames_in_flight")} in flight, busy {Pct(Num(chip, "busy_percent"))}");
        }
    }

    private static string Celsius(double? value) => value is { } v ? v.ToString("0.0", Invariant) + " °C" : NotAvailable;

    private static void PrintModels(JsonElement s, TextWriter o)
    {
        if (!s.TryGetProperty("models", out JsonElement models) || models.GetArrayLength() == 0)
        {
            return;
        }

        o.WriteLine();
        o.WriteLine("Models");
        foreach (JsonElement m in models.EnumerateArray())
        {
            string text = Str(m, "state") == "ready"
                ? $"ready on {Str(m, "provider")}, queue {Num(m, "queue_depth")}, {Num(m, "requests")} requests ({Num(m, "failures")} failed), {Latency(m)}"
                : $"{Str(m, "state")}{(m.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.String ? ": " + e.GetString() : "")}";
            if (m.TryGetProperty("state_text", out JsonElement stateText) && stateText.ValueKind == JsonValueKind.String)
            {
                // Unavailable (why, when the chip is tried next) or ready on the ONNX fallback.
                text = Str(m, "state") == "ready" ? $"{text}; {stateText.GetString()}" : stateText.GetString()!;
            }

            Line(o, Str(m, "name"), text);
        }
    }

    private static void PrintChanges(JsonElement s, TextWriter o)
    {
        o.WriteLine();
        JsonElement[] changes = s.TryGetProperty("changes", out JsonElement c) ? [.. c.EnumerateArray()] : [];
        if (changes.Length == 0)
        {
            o.WriteLine("Changed by PiTune: nothing (every kernel setting is as PiTune found it)");
            return;
        }

        o.WriteLine($"Changed by PiTune ({changes.Length}; each original is put back on stop)");
        int width = changes.Max(x => Str(x, "path").Length);
        foreach (JsonElement change in changes)
        {
            string now = change.TryGetProperty("current", out JsonElement cur) && cur.ValueKind == JsonValueKind.String
                ? cur.GetString()!
                : "unreadable: " + Str(change, "current_error");
            o.WriteLine($"  {Str(change, "path").PadRight(width)}  {now}  (was {Str(change, "original")})");
        }
    }

    private static void Line(TextWriter o, string label, string value) => o.WriteLine($"  {label,-12} {value}");

    private static string Latency(JsonElement e) => e.TryGetProperty("latency_ms", out JsonElement l)
        ? $"latency p50 {Ms(Num(l, "p50"))} p95 {Ms(Num(l, "p95"))} p99 {Ms(Num(l, "p99"))}"
        : "latency n/a";

    private static string Flag(JsonElement f) => (Bool(f, "now"), Bool(f, "since_boot")) switch
    {
        (true, _) => "YES",
        (false, true) => "no (occurred since boot)",
        _ => "no",
    };

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : NotAvailable;

    private static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static string YesNo(bool? b) => b switch { true => "yes", false => "no", null => NotAvailable };

    private static string Pct(double? v, string format = "0.0") => v is { } x ? x.ToString(format, Invariant) + " %" : NotAvailable;

    private static string Deg(double? v) => v is { } x ? x.ToString("0.0", Invariant) + " °C" : NotAvailable;

    private static string Ms(double? v) => v is { } x ? x.ToString("0.0#", Invariant) + " ms" : NotAvailable;

    private static string Ghz(double? khz) => khz is { } x ? (x / 1_000_000).ToString("0.00", Invariant) + " GHz" : NotAvailable;

    private static string Bytes(double? v)
    {
        if (v is not { } x)
        {
            return NotAvailable;
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        int i = 0;
        while (x >= 1024 && i < units.Length - 1)
        {
            x /= 1024;
            i++;
        }

        return i == 0 ? x.ToString("0", Invariant) + " B" : x.ToString("0.0", Invariant) + " " + units[i];
    }

    private static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d {t.Hours}h"
            : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m"
            : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m {t.Seconds:00}s"
            : t.TotalSeconds.ToString("0.#", Invariant) + "s";
    }
}
