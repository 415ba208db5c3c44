using PiTune.Core.Platform;

namespace PiTune.Core.Faults;

/// <summary>
/// Turns a stream of per-tick read outcomes into log-worthy transitions, so a fault that repeats
/// every tick is logged once, then as a periodic summary, and its recovery is logged.
/// Not thread-safe: each loop owns its tracker.
/// </summary>
public sealed class FaultTracker(TimeProvider time, TimeSpan summaryInterval)
{
    private readonly Dictionary<string, SourceState> _sources = new(StringComparer.Ordinal);

    /// <summary>The default gap between "still failing" summaries.</summary>
    public static readonly TimeSpan DefaultSummaryInterval = TimeSpan.FromMinutes(10);

    public FaultTracker(TimeProvider time)
        : this(time, DefaultSummaryInterval)
    {
    }

    /// <summary>Failures counted for <paramref name="key"/> since it last worked.</summary>
    public long FailureCount(string key) => _sources.TryGetValue(key, out SourceState? s) ? s.Failures : 0;

    /// <summary>How long the current failure has lasted, when it is failing.</summary>
    public TimeSpan FailingFor(string key) =>
        _sources.TryGetValue(key, out SourceState? s) && s.Failing ? time.GetUtcNow() - s.Since : TimeSpan.Zero;

    public FaultTransition Observe<T>(string key, in ReadResult<T> result) => Observe(key, result.Status);

    public FaultTransition Observe(string key, ReadStatus status)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (!_sources.TryGetValue(key, out SourceState? state))
        {
            state = new SourceState();
            _sources.Add(key, state);
            if (status == ReadStatus.Missing)
            {
                state.Absent = true;
                return FaultTransition.Absent;
            }
        }

        if (status == ReadStatus.Ok)
        {
            if (state.Absent)
            {
                state.Absent = false;
                return FaultTransition.Appeared;
            }

            if (!state.Failing)
            {
                return FaultTransition.None;
            }

            state.Failing = false;
            state.LastDownFor = now - state.Since;
            return FaultTransition.Recovered;
        }

        if (state.Absent && status == ReadStatus.Missing)
        {
            return FaultTransition.None;
        }

        state.Absent = false;
        if (!state.Failing)
        {
            state.Failing = true;
            state.Failures = 1;
            state.Since = now;
            state.LastReport = now;
            return FaultTransition.Failed;
        }

        state.Failures++;
        if (now - state.LastReport >= summaryInterval)
        {
            state.LastReport = now;
            return FaultTransition.StillFailing;
        }

        return FaultTransition.None;
    }

    /// <summary>How long the source was down before its last recovery.</summary>
    public TimeSpan LastDownFor(string key) => _sources.TryGetValue(key, out SourceState? s) ? s.LastDownFor : TimeSpan.Zero;

    private sealed class SourceState
    {
        public bool Failing;
        public bool Absent;
        public long Failures;
        public DateTimeOffset Since;
        public DateTimeOffset LastReport;
        public TimeSpan LastDownFor;
    }
}
