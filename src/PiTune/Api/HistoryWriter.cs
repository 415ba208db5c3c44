using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PiTune.Core.Sampling;
using PiTune.Hosting;
using PiTune.Telemetry;

namespace PiTune.Api;

/// <summary>
/// <c>GET /status/history</c>: the recent snapshots from <see cref="SnapshotHistory"/>, oldest first, each the figures
/// <c>pitune top</c> charts (documented in docs/api.md). <c>?seconds=N</c> keeps the last N seconds of the machine's
/// clock; <c>?since=SEQUENCE</c> keeps the snapshots after that one, so a poller asks only for what is new.
/// </summary>
internal sealed class HistoryWriter(SnapshotHistory history, IOptionsMonitor<SamplingOptions> sampling, RunContext run)
{
    /// <summary>The query, or why it cannot be answered (a 400's message).</summary>
    public static (long? Since, TimeSpan? Window, string? Error) ParseQuery(string? since, string? seconds)
    {
        long? after = null;
        TimeSpan? window = null;
        if (since is not null)
        {
            if (!long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out long s))
            {
                return (null, null, $"since must be a snapshot sequence number (a whole number from 0), was \"{since}\"");
            }

            after = s;
        }

        if (seconds is not null)
        {
            if (!double.TryParse(seconds, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n) || n <= 0 || n > 86_400)
            {
                return (null, null, $"seconds must be a number above 0 and at most 86400, was \"{seconds}\"");
            }

            window = TimeSpan.FromSeconds(n);
        }

        return (after, window, null);
    }

    public void Write(Utf8JsonWriter w, long? since, TimeSpan? window)
    {
        ArgumentNullException.ThrowIfNull(w);
        SamplingOptions o = sampling.CurrentValue;
        // Snapshots are stamped by the machine's clock (the sampler's, scaled under --sim-speed), so the window is too.
        HistorySample[] samples = history.Read(since, window is { } span ? run.Time.GetUtcNow() - span : null);
        w.WriteNumber("interval_seconds", o.Interval.TotalSeconds);
        w.WriteNumber("span_seconds", o.HistorySpan.TotalSeconds);
        w.WriteNumber("capacity", history.Capacity);
        w.WriteNumber("bytes_per_entry", SnapshotHistory.BytesPerEntry);
        w.WriteStartArray("samples");
        foreach (HistorySample s in samples)
        {
            WriteSample(w, s);
        }

        w.WriteEndArray();
    }

    private static void WriteSample(Utf8JsonWriter w, HistorySample s)
    {
        w.WriteStartObject();
        w.WriteNumber("sequence", s.Sequence);
        w.WriteString("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(s.UnixMilliseconds));
        w.WriteBoolean("stale", (s.Flags & HistoryFlags.Stale) != 0);
        Number(w, "temperature_c", s.TemperatureC);
        w.WriteBoolean("sensor_fault", (s.Flags & HistoryFlags.SensorFault) != 0);
        Whole(w, "current_khz", s.FrequencyKHz);
        Whole(w, "max_khz", s.MaxFrequencyKHz);
        Whole(w, "thermal_cap_khz", s.ThermalCapKHz);
        Number(w, "fan_duty_percent", s.FanDutyPercent);
        Whole(w, "fan_rpm", s.FanRpm);
        w.WriteBoolean("fan_failed", (s.Flags & HistoryFlags.FanFailed) != 0);
        Number(w, "cpu_percent", s.CpuPercent);
        Number(w, "memory_percent", s.MemoryPercent);
        Number(w, "memory_pressure_some_avg10", s.MemoryPressureAvg10);
        w.WriteNumber("queue_depth", s.QueueDepth);
        Number(w, "requests_per_second", s.RequestsPerSecond);
        Number(w, "busy_percent", s.AcceleratorBusyPercent);
        w.WriteStartObject("latency_ms");
        Number(w, "p50", s.LatencyP50Ms);
        Number(w, "p95", s.LatencyP95Ms);
        Number(w, "p99", s.LatencyP99Ms);
        w.WriteEndObject();
        if ((s.Flags & HistoryFlags.ThrottleKnown) != 0)
        {
            w.WriteString("throttle", "0x" + ((uint)s.Throttle).ToString("x", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("throttle");
        }

        if ((s.Flags & HistoryFlags.UnderVoltageKnown) != 0)
        {
            w.WriteBoolean("under_voltage", (s.Flags & HistoryFlags.UnderVoltage) != 0);
        }
        else
        {
            w.WriteNull("under_voltage");
        }

        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, float value)
    {
        if (float.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round((double)value, 2));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Whole(Utf8JsonWriter w, string name, int value)
    {
        if (value >= 0)
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
