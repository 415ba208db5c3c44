namespace PiTune.Core.Governor;

/// <summary>The governor policy's memory between decisions (immutable; each decision returns the next state).</summary>
public sealed record GovernorState(
    GovernorMode Mode,
    DateTimeOffset? LastActiveAt,
    DateTimeOffset? LastSwitchAt,
    int BusyTicks)
{
    public static GovernorState Initial { get; } = new(GovernorMode.Unknown, null, null, 0);
}
