namespace PiTune.Inference.Batching;

/// <summary>A model's totals since start; <see cref="BatchSizes"/>[n] counts batches of n rows.</summary>
internal sealed record StatisticsTotals(long Requests, long Failures, long Batches, TimeSpan Busy, long[] BatchSizes);
