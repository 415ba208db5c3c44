using PiTune.Core.Metrics;

namespace PiTune.Core.Tests.Metrics;

public sealed class MetricsBusTests
{
    private static ResourceMetrics Snapshot(long sequence) =>
        new(sequence, DateTimeOffset.UnixEpoch, default, default, default, default, default);

    [Fact]
    public async Task A_slow_subscriber_gets_the_latest_snapshot_not_a_backlog()
    {
        var bus = new MetricsBus();
        using IMetricsSubscription subscription = bus.Subscribe();
        for (int i = 1; i <= 5; i++)
        {
            bus.Publish(Snapshot(i));
        }

        ResourceMetrics next = await subscription.NextAsync(CancellationToken.None);
        Assert.Equal(5, next.Sequence);
        Assert.Equal(5, bus.Latest!.Sequence);

        ValueTask<ResourceMetrics> pending = subscription.NextAsync(CancellationToken.None);
        Assert.False(pending.IsCompleted);
        bus.Publish(Snapshot(6));
        Assert.Equal(6, (await pending).Sequence);
    }

    [Fact]
    public async Task Every_subscriber_sees_each_publish()
    {
        var bus = new MetricsBus();
        using IMetricsSubscription a = bus.Subscribe();
        using IMetricsSubscription b = bus.Subscribe();
        bus.Publish(Snapshot(1));
        Assert.Equal(1, (await a.NextAsync(CancellationToken.None)).Sequence);
        Assert.Equal(1, (await b.NextAsync(CancellationToken.None)).Sequence);
    }

    [Fact]
    public async Task Waiting_can_be_cancelled()
    {
        var bus = new MetricsBus();
        using IMetricsSubscription subscription = bus.Subscribe();
        using var cts = new CancellationTokenSource();
        ValueTask<ResourceMetrics> pending = subscription.NextAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    [Fact]
    public void A_disposed_subscription_no_longer_receives()
    {
        var bus = new MetricsBus();
        IMetricsSubscription subscription = bus.Subscribe();
        subscription.Dispose();
        bus.Publish(Snapshot(1));
        Assert.Equal(1, bus.Latest!.Sequence);
    }

    [Theory]
    [InlineData(50, 50, 50, 50, true)]
    [InlineData(80, 50, 50, 50, false)]
    [InlineData(50, 70, 50, 50, false)]
    [InlineData(50, 50, 70, 50, false)]
    [InlineData(50, 50, 50, 90, false)]
    public void IsOptimized_uses_the_guide_thresholds(double cpu, double mem, double temp, double accel, bool expected)
    {
        var m = new ResourceMetrics(1, DateTimeOffset.UnixEpoch,
            new CpuMetrics(cpu, Array.Empty<double>(), null, null, null, null, null),
            new MemoryMetrics(mem, null, null, null, null, null),
            new ThermalMetrics(new Units.Celsius(temp), null, null, null, null),
            new AcceleratorMetrics(accel, 0, 0, 0, 0, 0),
            default);
        Assert.Equal(expected, m.IsOptimized(new OptimizationThresholds()));
    }

    [Fact]
    public void Readings_that_could_not_be_taken_do_not_count_against_optimized()
    {
        var m = new ResourceMetrics(1, DateTimeOffset.UnixEpoch, default, default, default, default, default);
        Assert.True(m.IsOptimized(new OptimizationThresholds()));
    }
}
