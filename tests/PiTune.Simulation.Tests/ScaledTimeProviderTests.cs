using Microsoft.Extensions.Time.Testing;

namespace PiTune.Simulation.Tests;

public sealed class ScaledTimeProviderTests
{
    [Fact]
    public void Simulated_time_runs_speed_times_faster_than_the_inner_clock()
    {
        var inner = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var scaled = new ScaledTimeProvider(10, inner);
        DateTimeOffset start = scaled.GetUtcNow();
        long startStamp = scaled.GetTimestamp();

        inner.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(inner.Start, start);
        Assert.Equal(TimeSpan.FromSeconds(30), scaled.GetUtcNow() - start);
        Assert.Equal(TimeSpan.FromSeconds(30), scaled.GetElapsedTime(startStamp));
    }

    [Fact]
    public void A_one_second_timer_at_speed_10_fires_every_100_ms_of_inner_time()
    {
        var inner = new FakeTimeProvider();
        var scaled = new ScaledTimeProvider(10, inner);
        int fired = 0;
        using ITimer timer = scaled.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        inner.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, fired);
        inner.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fired);
        inner.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, fired);

        timer.Change(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        inner.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(2, fired);
        inner.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, fired);

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        inner.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, fired);
    }

    [Fact]
    public async Task A_periodic_timer_on_the_scaled_clock_ticks_at_the_scaled_pace()
    {
        var inner = new FakeTimeProvider();
        var scaled = new ScaledTimeProvider(10, inner);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), scaled);

        ValueTask<bool> tick = timer.WaitForNextTickAsync();
        inner.Advance(TimeSpan.FromMilliseconds(90));
        Assert.False(tick.IsCompleted);
        inner.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(await tick);
    }

    [Fact]
    public void A_slow_motion_clock_stretches_timers()
    {
        var inner = new FakeTimeProvider();
        var scaled = new ScaledTimeProvider(0.5, inner);
        int fired = 0;
        using ITimer timer = scaled.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        inner.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(0, fired);
        inner.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void The_one_argument_constructor_runs_on_the_system_clock()
    {
        var scaled = new ScaledTimeProvider(1000);
        DateTimeOffset before = DateTimeOffset.UtcNow;

        DateTimeOffset now = scaled.GetUtcNow();

        Assert.InRange(now, before.AddSeconds(-5), before.AddSeconds(60));
        Assert.Equal(TimeProvider.System.TimestampFrequency, scaled.TimestampFrequency);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_speed_that_is_not_a_positive_number_is_refused(double speed) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(speed));
}
