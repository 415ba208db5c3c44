namespace PiTune.Core.Metrics;

/// <summary>
/// The inference workload, as the batcher reports it (the guide's <c>ai_hat_usage</c> is <see cref="BusyPercent"/>).
/// All zero until an inference job contributes it.
/// </summary>
public readonly record struct AcceleratorMetrics(
    double BusyPercent,
    int QueueDepth,
    double RequestsPerSecond,
    double LatencyP50Ms,
    double LatencyP95Ms,
    double LatencyP99Ms)
{
    /// <summary>The accelerator chip, while PiTune has one open; null otherwise.</summary>
    public ChipMetrics? Chip { get; init; }
}
