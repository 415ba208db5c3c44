using System.Collections.Concurrent;

namespace PiTune.Inference.Tests.Support;

/// <summary>
/// The inner (fake) clock, whose timers report each arming with a due time in <see cref="Armed"/>: the batcher's worker
/// arms its delay timer when it decides to wait, so a test knows the decision was taken (and for how long) with no sleep.
/// </summary>
internal sealed class ArmedTimerTimeProvider(TimeProvider inner) : TimeProvider
{
    public BlockingCollection<TimeSpan> Armed { get; } = [];

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ArmedTimer(this, inner.CreateTimer(callback, state, dueTime, period));

    private sealed class ArmedTimer(ArmedTimerTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool changed = inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                owner.Armed.Add(dueTime);
            }

            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
