namespace PiTune.Core.Metrics;

/// <summary>
/// One immutable snapshot of the machine, built once per sampling tick and shared by every controller.
/// </summary>
public sealed class ResourceMetrics
{
    public ResourceMetrics(
        long sequence,
        DateTimeOffset timestamp,
        CpuMetrics cpu,
        MemoryMetrics memory,
        ThermalMetrics thermal,
        AcceleratorMetrics accelerator,
        PoolMetrics pool)
    {
        Sequence = sequence;
        Timestamp = timestamp;
        Cpu = cpu;
        Memory = memory;
        Thermal = thermal;
        Accelerator = accelerator;
        Pool = pool;
    }

    /// <summary>Tick number, from 1; a subscriber that sees a jump skipped snapshots (it only ever gets the latest).</summary>
    public long Sequence { get; }

    public DateTimeOffset Timestamp { get; }

    public CpuMetrics Cpu { get; }

    public MemoryMetrics Memory { get; }

    public ThermalMetrics Thermal { get; }

    public AcceleratorMetrics Accelerator { get; }

    public PoolMetrics Pool { get; }

    /// <summary>
    /// The sampler is stuck (a read that has not returned): this snapshot carries no readings, only what the jobs
    /// published last, so a job acts as it would without sensors rather than on old figures.
    /// </summary>
    public bool Stale { get; init; }

    /// <summary>Why the snapshot is stale, for status: "reading /sys/... has not returned for 5 s"; null when fresh.</summary>
    public string? StaleReason { get; init; }

    /// <summary>
    /// The guide's <c>is_optimized</c>: every reading under its threshold. A reading that could not be
    /// taken does not count against it (a machine without a thermal zone can still be optimized).
    /// </summary>
    public bool IsOptimized(OptimizationThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return (Cpu.UsagePercent ?? 0) < thresholds.CpuPercent
            && (Memory.UsagePercent ?? 0) < thresholds.MemoryPercent
            && (Thermal.Temperature?.Value ?? double.MinValue) < thresholds.TemperatureC
            && Accelerator.BusyPercent < thresholds.AcceleratorPercent;
    }
}
