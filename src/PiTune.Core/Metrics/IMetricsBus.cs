namespace PiTune.Core.Metrics;

/// <summary>
/// Where the sampler publishes each snapshot and controllers read it. Subscribers always get the
/// latest snapshot, never a backlog: a slow controller skips ticks rather than falling behind.
/// </summary>
public interface IMetricsBus
{
    /// <summary>The most recent snapshot, or null before the first tick.</summary>
    ResourceMetrics? Latest { get; }

    void Publish(ResourceMetrics snapshot);

    /// <summary>A subscription that yields the latest snapshot published after it was made.</summary>
    IMetricsSubscription Subscribe();
}
