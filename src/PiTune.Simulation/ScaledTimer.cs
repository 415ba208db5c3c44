namespace PiTune.Simulation;

/// <summary>A timer of the inner clock whose due time and period are given on the scaled clock.</summary>
internal sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToInner(dueTime), clock.ToInner(period));

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
