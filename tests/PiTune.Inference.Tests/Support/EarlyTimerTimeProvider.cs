namespace PiTune.Inference.Tests.Support;

/// <summary>
/// A clock whose timers fire <c>early</c> before their due time, as a system timer may against the monotonic
/// clock; time itself is the inner (fake) provider's. <see cref="Rearmed"/> turns true once a timer is armed again
/// after firing, so a test knows the worker has seen the early wake.
/// </summary>
internal sealed class EarlyTimerTimeProvider(TimeProvider inner, TimeSpan early) : TimeProvider
{
    private int _fired;
    private volatile bool _rearmed;

    public bool Rearmed => _rearmed;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = inner.CreateTimer(s => { Interlocked.Exchange(ref _fired, 1); callback(s); }, state, Shorten(dueTime), period);
        return new EarlyTimer(this, timer);
    }

    private TimeSpan Shorten(TimeSpan dueTime) => dueTime > early ? dueTime - early : dueTime;

    private sealed class EarlyTimer(EarlyTimerTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan && Volatile.Read(ref owner._fired) == 1)
            {
                owner._rearmed = true;
            }

            return inner.Change(owner.Shorten(dueTime), period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
