using PiTune.Core.Platform;

namespace PiTune.Core.Memory;

/// <summary>What the swap policy decides from.</summary>
/// <param name="Now">The decision time.</param>
/// <param name="InferenceActive">The batcher's activity signal; null when no batcher runs (never counts as active).</param>
/// <param name="AvailableBytes">MemAvailable; null when <c>/proc/meminfo</c> could not be read.</param>
/// <param name="Listed">The swap areas in use (<c>/proc/swaps</c>); null when it could not be read.</param>
/// <param name="HeldOff">How many areas PiTune has turned off and not yet back on.</param>
/// <param name="Busy">A swapoff or swapon is still running.</param>
public sealed record SwapInput(
    DateTimeOffset Now,
    bool? InferenceActive,
    long? AvailableBytes,
    IReadOnlyList<SwapEntry>? Listed,
    int HeldOff,
    bool Busy);
