namespace PiTune.Inference.Models;

/// <summary>What a HailoRT model's clients send (<c>Inference:Models:N:Hailo:Input</c>).</summary>
internal enum HailoInputFormat
{
    /// <summary>FP32 values; HailoRT quantises them on the host CPU with the HEF's quantisation parameters.</summary>
    Float32,

    /// <summary>The device's own UINT8 values, already quantised (camera pixels), passed through untouched.</summary>
    Uint8,
}
