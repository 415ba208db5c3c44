using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Conflicts;
using PiTune.Core.Tuning;
using PiTune.Hosting;
using PiTune.Inference;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Linux.Files;

namespace PiTune.Api;

/// <summary>
/// <c>GET /status</c>: everything <c>pitune status</c> prints, as one JSON object (documented in docs/api.md).
/// Readings come from the latest snapshot; the pool, the models and the ledger's current values are read now.
/// </summary>
internal sealed class StatusWriter(
    IMetricsBus bus,
    ITuningLedger ledger,
    ISysFiles files,
    InferenceEngine engine,
    BufferPool pool,
    IOptionsMonitor<OptimizationThresholds> thresholds,
    RunContext run,
    ConflictWatch? conflicts = null,
    Profiles.ProfileService? profiles = null)
{
    private static readonly string Version =
        typeof(StatusWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private readonly long _started = run.Wall.GetTimestamp();

    public void Write(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        ResourceMetrics? s = bus.Latest;
        w.WriteString("version", Version);
        w.WriteNumber("uptime_seconds", Math.Round(run.Wall.GetElapsedTime(_started).TotalSeconds, 1));
        w.WriteString("config_source", run.ConfigSource.ToString());
        w.WriteBoolean("simulated", run.Simulator is not null);
        WriteProfile(w);
        if (s is null)
        {
            // Before the first tick: only what does not come from a snapshot.
            w.WriteNull("snapshot");
        }
        else
        {
            w.WriteStartObject("snapshot");
            w.WriteNumber("sequence", s.Sequence);
            w.WriteString("timestamp", s.Timestamp);
            // The snapshot is stamped by the machine's clock (the sampler's), so its age is read on the same one.
            w.WriteNumber("age_seconds", Math.Round((run.Time.GetUtcNow() - s.Timestamp).TotalSeconds, 1));
            w.WriteBoolean("stale", s.Stale);
            w.WriteString("stale_reason", s.StaleReason);
            w.WriteEndObject();
            WriteOptimized(w, s, thresholds.CurrentValue);
            WriteCpu(w, s.Cpu);
            WriteThermal(w, s.Thermal);
            WriteMemory(w, s.Memory);
            WriteAccelerator(w, s.Accelerator);
        }

        WritePool(w, pool.Metrics);
        WriteModels(w);
        WriteChanges(w);
        WriteConflicts(w);
    }

    private void WriteProfile(Utf8JsonWriter w)
    {
        if (profiles?.Active is not { } active)
        {
            w.WriteNull("profile");
            return;
        }

        w.WriteStartObject("profile");
        w.WriteString("name", active.Name);
        w.WriteString("reason", active.Reason);
        w.WriteEndObject();
    }

    private void WriteConflicts(Utf8JsonWriter w)
    {
        w.WriteStartArray("conflicts");
        foreach (Linux.Conflicts.Conflict c in conflicts?.Current ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("fights_over", c.FightsOver);
            w.WriteString("found_by", c.FoundBy);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteOptimized(Utf8JsonWriter w, ResourceMetrics s, OptimizationThresholds t)
    {
        w.WriteStartObject("optimization");
        w.WriteBoolean("is_optimized", s.IsOptimized(t));
        w.WriteStartObject("thresholds");
        w.WriteNumber("cpu_percent", t.CpuPercent);
        w.WriteNumber("memory_percent", t.MemoryPercent);
        w.WriteNumber("temperature_c", t.TemperatureC);
        w.WriteNumber("accelerator_percent", t.AcceleratorPercent);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCpu(Utf8JsonWriter w, CpuMetrics cpu)
    {
        w.WriteStartObject("cpu");
        Number(w, "usage_percent", cpu.UsagePercent);
        w.WriteStartArray("per_core_percent");
        foreach (double core in cpu.PerCorePercent.Span)
        {
            w.WriteNumberValue(Math.Round(core, 1));
        }

        w.WriteEndArray();
        Text(w, "governor", cpu.Governor);
        Number(w, "current_khz", cpu.CurrentFrequency?.Value);
        Number(w, "max_khz", cpu.MaxFrequency?.Value);
        Number(w, "thermal_cap_khz", cpu.ThermalCap?.Value);
        Number(w, "pressure_some_avg10", cpu.PressureSomeAvg10);
        w.WriteStartArray("policies");
        foreach (CpuFreqPolicyMetrics p in cpu.Policies.Span)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            Text(w, "governor", p.Governor);
            Number(w, "current_khz", p.CurrentFrequency?.Value);
            Number(w, "max_khz", p.MaxFrequency?.Value);
            w.WriteStartObject("seconds_per_governor");
            foreach (GovernorTime g in p.TimePerGovernor.Span)
            {
                w.WriteNumber(g.Governor, Math.Round(g.Time.TotalSeconds, 1));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteThermal(Utf8JsonWriter w, ThermalMetrics t)
    {
        w.WriteStartObject("thermal");
        Number(w, "temperature_c", t.Temperature?.Value);
        w.WriteString("state", t.State.ToString().ToLowerInvariant());
        Number(w, "soft_limit_c", t.SoftLimit?.Value);
        w.WriteBoolean("sensor_fault", t.SensorFault);
        w.WriteNumber("throttle_episodes", t.ThrottleEpisodes);
        w.WriteStartObject("fan");
        Text(w, "device", t.FanDevice);
        Number(w, "duty_percent", t.FanDuty?.Percent);
        Number(w, "rpm", t.FanRpm);
        w.WriteBoolean("controlled_by_pitune", t.FanControlled);
        w.WriteBoolean("failed", t.FanFailed);
        w.WriteEndObject();
        if (t.UnderVoltage is { } under)
        {
            w.WriteBoolean("under_voltage", under);
        }
        else
        {
            w.WriteNull("under_voltage");
        }

        if (t.Throttle is not { } flags)
        {
            w.WriteNull("throttle");
        }
        else
        {
            w.WriteStartObject("throttle");
            w.WriteString("raw", "0x" + ((uint)flags).ToString("x", CultureInfo.InvariantCulture));
            Flag(w, "under_voltage", flags, ThrottleFlags.UnderVoltage, ThrottleFlags.UnderVoltageOccurred);
            Flag(w, "frequency_capped", flags, ThrottleFlags.ArmFrequencyCapped, ThrottleFlags.ArmFrequencyCappedOccurred);
            Flag(w, "throttled", flags, ThrottleFlags.Throttled, ThrottleFlags.ThrottledOccurred);
            Flag(w, "soft_temperature_limit", flags, ThrottleFlags.SoftTemperatureLimit, ThrottleFlags.SoftTemperatureLimitOccurred);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Flag(Utf8JsonWriter w, string name, ThrottleFlags flags, ThrottleFlags now, ThrottleFlags ever)
    {
        w.WriteStartObject(name);
        w.WriteBoolean("now", (flags & now) != 0);
        w.WriteBoolean("since_boot", (flags & ever) != 0);
        w.WriteEndObject();
    }

    private static void WriteMemory(Utf8JsonWriter w, MemoryMetrics m)
    {
        w.WriteStartObject("memory");
        Number(w, "usage_percent", m.UsagePercent);
        Number(w, "total_bytes", m.TotalBytes);
        Number(w, "available_bytes", m.AvailableBytes);
        Number(w, "swap_used_bytes", m.SwapUsedBytes);
        Number(w, "pressure_some_avg10", m.PressureSomeAvg10);
        Number(w, "io_pressure_some_avg10", m.IoPressureSomeAvg10);
        w.WriteString("pressure_state", m.PressureState.ToString().ToLowerInvariant());
        if (m.PressureLimits is { } limits)
        {
            w.WriteStartObject("pressure_limits");
            Number(w, "batch_size_cap", limits.BatchSizeCap);
            Number(w, "pool_limit_bytes", limits.PoolLimitBytes);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("pressure_limits");
        }

        w.WriteEndObject();
    }

    private static void WriteAccelerator(Utf8JsonWriter w, AcceleratorMetrics a)
    {
        w.WriteStartObject("accelerator");
        w.WriteNumber("busy_percent", Math.Round(a.BusyPercent, 1));
        w.WriteNumber("queue_depth", a.QueueDepth);
        w.WriteNumber("requests_per_second", Math.Round(a.RequestsPerSecond, 2));
        Latency(w, a.LatencyP50Ms, a.LatencyP95Ms, a.LatencyP99Ms);
        if (a.Chip is { } c)
        {
            w.WriteStartObject("chip");
            w.WriteString("architecture", c.Architecture);
            Celsius(w, "ts0_c", c.Sensor0);
            Celsius(w, "ts1_c", c.Sensor1);
            w.WriteNumber("frames_per_second", Math.Round(c.FramesPerSecond, 1));
            w.WriteNumber("frames_in_flight", c.FramesInFlight);
            w.WriteNumber("busy_percent", Math.Round(c.BusyPercent, 1));
            w.WriteNumber("models", c.Models);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("chip");
        }

        w.WriteEndObject();
    }

    private static void Celsius(Utf8JsonWriter w, string name, Core.Units.Celsius? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v.Value, 1));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WritePool(Utf8JsonWriter w, PoolMetrics p)
    {
        w.WriteStartObject("pool");
        w.WriteNumber("bytes_in_use", p.BytesInUse);
        w.WriteNumber("bytes_free", p.BytesFree);
        w.WriteNumber("budget_bytes", p.BudgetBytes);
        w.WriteNumber("hits", p.Hits);
        w.WriteNumber("misses", p.Misses);
        w.WriteNumber("evictions", p.Evictions);
        w.WriteEndObject();
    }

    private void WriteModels(Utf8JsonWriter w)
    {
        w.WriteStartArray("models");
        foreach (ModelEntry m in engine.Models.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            ModelView view = m.View;
            V2Endpoints.WriteState(w, view, run.Wall.GetUtcNow());
            if (view.Reason is null || view.OnFallback)
            {
                Text(w, "error", null);
            }

            if (view.Batcher is { } batcher)
            {
                w.WriteString("provider", batcher.Model.Provider);
                w.WriteNumber("queue_depth", batcher.QueueDepth);
                Inference.Batching.StatisticsTotals totals = batcher.Statistics.Totals();
                w.WriteNumber("requests", totals.Requests);
                w.WriteNumber("failures", totals.Failures);
                w.WriteNumber("batches", totals.Batches);
                (double p50, double p95, double p99) = batcher.Statistics.LatencySinceStart();
                Latency(w, p50, p95, p99);
            }
            else
            {
                w.WriteNull("provider");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteChanges(Utf8JsonWriter w)
    {
        w.WriteStartArray("changes");
        foreach (LedgerEntry e in ledger.Entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("path", "/" + e.RelativePath.TrimStart('/'));
            w.WriteString("original", e.OriginalValue);
            ReadResult<string> now = files.ReadText(e.RelativePath);
            if (now.IsOk)
            {
                w.WriteString("current", now.Value.TrimEnd('\n'));
            }
            else
            {
                w.WriteNull("current");
                w.WriteString("current_error", now.Describe());
            }

            w.WriteString("changed_at", e.RecordedAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Latency(Utf8JsonWriter w, double p50, double p95, double p99)
    {
        w.WriteStartObject("latency_ms");
        w.WriteNumber("p50", Math.Round(p50, 2));
        w.WriteNumber("p95", Math.Round(p95, 2));
        w.WriteNumber("p99", Math.Round(p99, 2));
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 2));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
