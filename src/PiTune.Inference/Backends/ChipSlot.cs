using PiTune.Inference.Batching;
using PiTune.Inference.Models;

namespace PiTune.Inference.Backends;

/// <summary>A HailoRT model's standing with the chip: failed tries, its retry timer, what was last said, its batchers.</summary>
internal sealed class ChipSlot(ModelEntry entry)
{
    public ModelEntry Entry { get; } = entry;

    /// <summary>Failed tries since the model was last on the chip.</summary>
    public int Failures { get; set; }

    public ITimer? Timer { get; set; }

    /// <summary>The reason last logged: a try failing the same way again is not said again.</summary>
    public string? LastReason { get; set; }

    /// <summary>The model has run on the chip: its file is one the chip takes.</summary>
    public bool Served { get; set; }

    /// <summary>The model's batcher on the chip while it is there.</summary>
    public ModelBatcher? OnChip { get; set; }

    /// <summary>
    /// The batcher of a network the chip can no longer run (its own, or another model's on the same chip, broke), off the
    /// entry and waiting to be disposed (and its model released) by the next try of any model: it cannot be disposed
    /// where the breakage was found, on a batcher's worker thread.
    /// </summary>
    public ModelBatcher? Lost { get; set; }

    /// <summary>The ONNX fallback's batcher while it serves in the chip's place.</summary>
    public ModelBatcher? Fallback { get; set; }

    /// <summary>The fallback was tried and could not be served: not tried again at each retry.</summary>
    public bool FallbackFailed { get; set; }
}
