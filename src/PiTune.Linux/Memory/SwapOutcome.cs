using PiTune.Core.Platform;

namespace PiTune.Linux.Memory;

/// <summary>One swapoff or swapon PiTune made, how it went and how long it took.</summary>
public sealed record SwapOutcome(SwapEntry Entry, bool TurnedOff, SwapCallResult Result, TimeSpan Elapsed);
