using PiTune.Core.Platform;

namespace PiTune.Core.Memory;

/// <summary>
/// The swap policy's answer: the action, the areas it applies to (for <see cref="SwapAction.TurnOff"/>), why, and whether
/// swap should be off at all right now (a caller logs "unsafe" once per stretch of wanting it off).
/// </summary>
public sealed record SwapDecision(SwapAction Action, IReadOnlyList<SwapEntry> Entries, string Reason, bool WantOff)
{
    public static SwapDecision Nothing(bool wantOff) => new(SwapAction.None, [], "", wantOff);
}
