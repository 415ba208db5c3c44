using PiTune.Core.Metrics;

namespace PiTune.Core.Governor;

/// <summary>
/// Counts the time one cpufreq policy spends under each governor, from successive readings: the time between two
/// readings goes to the governor seen at the first (an unreadable reading stops the count until the next good one).
/// Not thread-safe: the sampler's thread owns it.
/// </summary>
public sealed class GovernorClock
{
    private readonly List<GovernorTime> _times = [];
    private string? _current;
    private DateTimeOffset _since;

    /// <summary>Takes this tick's reading of <c>scaling_governor</c> (null when unreadable) at <paramref name="now"/>.</summary>
    public void Observe(string? governor, DateTimeOffset now)
    {
        if (_current is not null && now > _since)
        {
            Add(_current, now - _since);
        }

        _current = governor;
        _since = now;
    }

    /// <summary>The counters so far, in the order the governors were first seen.</summary>
    public GovernorTime[] Snapshot() => [.. _times];

    private void Add(string governor, TimeSpan elapsed)
    {
        for (int i = 0; i < _times.Count; i++)
        {
            if (string.Equals(_times[i].Governor, governor, StringComparison.Ordinal))
            {
                _times[i] = _times[i] with { Time = _times[i].Time + elapsed };
                return;
            }
        }

        _times.Add(new GovernorTime(governor, elapsed));
    }
}
