namespace PiTune.Core.Metrics;

/// <summary>What the memory job limits under high pressure (<c>Memory:PressureMaxBatchSize</c>, <c>Memory:TrimTargetPercent</c>).</summary>
/// <param name="BatchSizeCap">Every model's batch size cap; null when there is no batcher to cap.</param>
/// <param name="PoolLimitBytes">The buffer pool's trimmed limit; null when there is no pool.</param>
public sealed record PressureLimits(int? BatchSizeCap, long? PoolLimitBytes);
