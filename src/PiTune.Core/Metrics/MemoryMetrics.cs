using PiTune.Core.Memory;

namespace PiTune.Core.Metrics;

/// <summary>
/// Memory part of a snapshot. Null fields were not readable this tick. <see cref="PressureState"/> is the memory
/// job's state as of its last decision (Unknown without the job).
/// </summary>
/// <param name="PressureLimits">The limits the memory job holds the pool and the batcher to while pressure is high; null when none are in force.</param>
public readonly record struct MemoryMetrics(
    double? UsagePercent,
    long? TotalBytes,
    long? AvailableBytes,
    long? SwapUsedBytes,
    double? PressureSomeAvg10,
    double? IoPressureSomeAvg10,
    MemoryPressureState PressureState = MemoryPressureState.Unknown,
    PressureLimits? PressureLimits = null);
