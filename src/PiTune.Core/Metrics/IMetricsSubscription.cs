namespace PiTune.Core.Metrics;

/// <summary>One reader of the bus. Dispose it to stop receiving.</summary>
public interface IMetricsSubscription : IDisposable
{
    /// <summary>Waits for the next snapshot; if several were published meanwhile, returns only the latest.</summary>
    ValueTask<ResourceMetrics> NextAsync(CancellationToken cancellationToken);
}
