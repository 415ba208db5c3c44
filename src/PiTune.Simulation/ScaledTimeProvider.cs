namespace PiTune.Simulation;

/// <summary>
/// A clock on which time runs <c>speed</c> times faster than on <c>inner</c> (the system clock by default), so the
/// whole daemon runs against the simulator in fast-forward: at speed 10 a 1 s <see cref="PeriodicTimer"/> ticks
/// every 100 ms of wall time. Wall time, timestamps and timers all scale the same way and stay consistent.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    // System.Threading.Timer refuses due times above 0xFFFFFFFE ms.
    private static readonly TimeSpan MaxTimerSpan = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _startUtc;
    private readonly long _startTimestamp;

    public ScaledTimeProvider(double speed)
        : this(speed, System)
    {
    }

    public ScaledTimeProvider(double speed, TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!double.IsFinite(speed) || speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The speed must be a positive number (1 = real time).");
        }

        Speed = speed;
        _inner = inner;
        _startUtc = inner.GetUtcNow();
        _startTimestamp = inner.GetTimestamp();
    }

    /// <summary>Simulated seconds per second of the inner clock.</summary>
    public double Speed { get; }

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override long GetTimestamp() => _startTimestamp + (long)((_inner.GetTimestamp() - _startTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow() => _startUtc + GetElapsedTime(_startTimestamp);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new ScaledTimer(_inner.CreateTimer(callback, state, ToInner(dueTime), ToInner(period)), this);
    }

    /// <summary>A span on this clock as a span on the inner one; infinite and zero stay what they are.</summary>
    internal TimeSpan ToInner(TimeSpan span)
    {
        if (span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero)
        {
            return span;
        }

        // Never round a real wait down to 0, which would make a periodic timer spin.
        double ticks = Math.Max(1, Math.Round(span.Ticks / Speed));
        return ticks >= MaxTimerSpan.Ticks ? MaxTimerSpan : TimeSpan.FromTicks((long)ticks);
    }
}
