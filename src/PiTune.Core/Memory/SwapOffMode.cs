namespace PiTune.Core.Memory;

/// <summary>When the memory job turns swap off (<c>Memory:DisableSwap</c>).</summary>
public enum SwapOffMode
{
    /// <summary>Swap is left alone.</summary>
    Never,

    /// <summary>Off while inference work is queued or running, on again after <see cref="MemoryOptions.SwapOnIdleGrace"/> without it.</summary>
    DuringInference,

    /// <summary>Off for as long as PiTune runs (when safe), on again at stop.</summary>
    Always,
}
