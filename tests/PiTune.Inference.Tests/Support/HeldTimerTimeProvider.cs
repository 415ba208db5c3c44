namespace PiTune.Inference.Tests.Support;

/// <summary>
/// A clock that keeps every timer's callback so a test can run it when it likes, as a system timer may when its
/// callback was already on its way as the timer was disposed (Timer.Dispose does not wait for a running callback).
/// </summary>
internal sealed class HeldTimerTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly List<(TimerCallback Callback, object? State)> _timers = [];

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_timers)
        {
            _timers.Add((callback, state));
        }

        return inner.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Runs every timer's callback once, now, on this thread.</summary>
    public void FireAll()
    {
        (TimerCallback Callback, object? State)[] timers;
        lock (_timers)
        {
            timers = [.. _timers];
        }

        foreach ((TimerCallback callback, object? state) in timers)
        {
            callback(state);
        }
    }
}
