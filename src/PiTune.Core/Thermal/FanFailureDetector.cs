using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>
/// A fan driven above <see cref="FanOptions.FailureDutyPercent"/> whose tachometer reads 0 for
/// <see cref="FanOptions.FailureTime"/> has failed (stalled, unplugged, or never fitted); it counts as answering again
/// as soon as it reads above 0. Without a tachometer reading nothing changes: a fan without one cannot be judged.
/// </summary>
public static class FanFailureDetector
{
    public static FanFailureState Observe(DateTimeOffset now, DutyCycle? duty, int? rpm, FanOptions options, FanFailureState state)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        if (rpm is not { } r)
        {
            return state;
        }

        if (r > 0)
        {
            return FanFailureState.Initial;
        }

        if (duty is not { } d || d.Percent <= options.FailureDutyPercent)
        {
            return state with { SuspectSince = null };
        }

        DateTimeOffset since = state.SuspectSince ?? now;
        return new FanFailureState(since, state.Failed || now - since >= options.FailureTime);
    }
}
