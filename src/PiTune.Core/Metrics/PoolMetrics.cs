namespace PiTune.Core.Metrics;

/// <summary>The tensor buffer pool, as it reports itself. All zero until a pool contributes it.</summary>
public readonly record struct PoolMetrics(
    long BytesInUse,
    long BytesFree,
    long BudgetBytes,
    long Hits,
    long Misses,
    long Evictions);
