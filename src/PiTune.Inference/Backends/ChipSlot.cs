using PiTune.Inference.Batching;
using PiTune.Inference.Models;

namespace PiTune.Inference.Backends;

/// <summary>A HailoRT model's standing with the chip: failed tries, its retry timer, what was last said, its fallback.</summary>
internal sealed class ChipSlot(ModelEntry entry)
{
    public ModelEntry Entry { get; } = entry;

    /// <summary>Failed tries since the model was last on the chip.</summary>
    public int Failures { get; set; }

    public ITimer? Timer { get; set; }

    /// <summary>The reason last logged: a try failing the same way again is not said again.</summary>
    public string? LastReason { get; set; }

    /// <summary>The ONNX fallback's batcher while it serves in the chip's place.</summary>
    public ModelBatcher? Fallback { get; set; }

    /// <summary>The fallback was tried and could not be served: not tried again at each retry.</summary>
    public bool FallbackFailed { get; set; }
}
