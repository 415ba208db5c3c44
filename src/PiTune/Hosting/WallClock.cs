namespace PiTune.Hosting;

/// <summary>
/// The clock of every duration a person reads or a client waits on: request latencies and deadlines, the queue
/// delay, warm-up, busy time, uptime. It is real time even under <c>--simulate --sim-speed N</c>, where the
/// container's <see cref="TimeProvider"/> (the machine's clock, which the control loops run on) goes N times faster.
/// A type of its own, so the container cannot hand one clock where the other was meant (DESIGN: two clocks, never mixed).
/// </summary>
internal sealed class WallClock(TimeProvider inner) : TimeProvider
{
    /// <summary>The system's real-time clock.</summary>
    public static WallClock Real { get; } = new(TimeProvider.System);

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
