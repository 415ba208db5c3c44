using Microsoft.Extensions.Time.Testing;

namespace PiTune.Inference.Tests.Support;

/// <summary>
/// A fake clock that moves on by <c>slip</c> right after the batch worker's second read (its first is the look at the
/// empty queue when it starts), as if that thread were preempted between reading the time and arming its timer.
/// </summary>
internal sealed class SlippingClock(FakeTimeProvider inner, TimeSpan slip) : TimeProvider
{
    private int _workerReads;

    /// <summary>How many times the batch worker has read the time.</summary>
    public int WorkerReads => Volatile.Read(ref _workerReads);

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow()
    {
        DateTimeOffset now = inner.GetUtcNow();
        if (Thread.CurrentThread.Name?.StartsWith("pitune-infer-", StringComparison.Ordinal) == true && Interlocked.Increment(ref _workerReads) == 2)
        {
            inner.Advance(slip);
        }

        return now;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
