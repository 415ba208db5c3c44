namespace PiTune.Inference.Models;

/// <summary>How ONNX Runtime's CPU arena grows when a run needs more than it holds (its <c>arena_extend_strategy</c>).</summary>
internal enum ArenaExtendStrategy
{
    /// <summary>ONNX Runtime's default: each new region doubles the last, so a shrink leaves the part-used region whole.</summary>
    NextPowerOfTwo,

    /// <summary>Each new region is the size asked for: a shrink hands back all but what is in use.</summary>
    SameAsRequested,
}
