using System.Collections.Immutable;
using System.Threading.Channels;

namespace PiTune.Core.Metrics;

/// <summary>
/// Latest-value bus: each subscriber owns a one-slot channel that drops the older snapshot, so a
/// publish never blocks and never queues. Steady-state publish and read allocate nothing.
/// </summary>
public sealed class MetricsBus : IMetricsBus
{
    private ImmutableArray<Subscription> _subscribers = ImmutableArray<Subscription>.Empty;
    private readonly Lock _gate = new();
    private ResourceMetrics? _latest;

    public ResourceMetrics? Latest => Volatile.Read(ref _latest);

    public void Publish(ResourceMetrics snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _latest, snapshot);
        foreach (Subscription subscriber in _subscribers)
        {
            subscriber.Channel.Writer.TryWrite(snapshot);
        }
    }

    public IMetricsSubscription Subscribe()
    {
        var subscription = new Subscription(this);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(subscription);
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
    }

    private sealed class Subscription(MetricsBus bus) : IMetricsSubscription
    {
        public Channel<ResourceMetrics> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<ResourceMetrics>(
            new BoundedChannelOptions(1)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            });

        public ValueTask<ResourceMetrics> NextAsync(CancellationToken cancellationToken) =>
            Channel.Reader.ReadAsync(cancellationToken);

        public void Dispose()
        {
            bus.Remove(this);
            Channel.Writer.TryComplete();
        }
    }
}
