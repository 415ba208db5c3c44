using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>The fan policy's memory between ticks (immutable; each decision returns the next state).</summary>
/// <param name="Level">The duty the curve settled on (what the fan runs at once a kick is over).</param>
/// <param name="ChangedAt">When <see cref="Level"/> last changed; null before PiTune changed it.</param>
/// <param name="KickUntil">While set and in the future, the fan runs at the kick duty.</param>
/// <param name="SensorFault">The last decision had no temperature and chose the safe duty.</param>
public sealed record FanState(DutyCycle Level, DateTimeOffset? ChangedAt, DateTimeOffset? KickUntil, bool SensorFault)
{
    /// <summary>Since when the temperature has stayed low enough for <see cref="Level"/> to come down; null while it has not.</summary>
    public DateTimeOffset? CoolingSince { get; init; }

    /// <summary>When a fan started from a standstill whose tachometer is still to show it turning; null otherwise.</summary>
    public DateTimeOffset? SpinningUpSince { get; init; }

    /// <summary>The temperature's trend over the last readings; null before the first one.</summary>
    public TemperatureTrend? Trend { get; init; }

    /// <summary>Since when the temperature has been climbing; null while it is not.</summary>
    public DateTimeOffset? WarmingSince { get; init; }

    /// <summary>When the duty last came down; null before it has.</summary>
    public DateTimeOffset? CameDownAt { get; init; }

    /// <summary>Whether <see cref="Level"/> is the safe duty a missing temperature set (no thermal need: no spin-down delay).</summary>
    public bool SafeDutyHeld { get; init; }

    /// <summary>Taking a fan over that runs at <paramref name="observed"/> (a stopped fan is kicked when it starts, if it must be).</summary>
    public static FanState Initial(DutyCycle observed) => new(observed, null, null, false);
}
