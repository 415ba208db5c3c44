namespace PiTune.Core.Metrics;

/// <summary>Memory part of a snapshot. Null fields were not readable this tick.</summary>
public readonly record struct MemoryMetrics(
    double? UsagePercent,
    long? TotalBytes,
    long? AvailableBytes,
    long? SwapUsedBytes,
    double? PressureSomeAvg10,
    double? IoPressureSomeAvg10);
