namespace PiTune.Inference.Models;

/// <summary>Which runtime serves a model (<c>Inference:Models:N:Backend</c>).</summary>
internal enum ModelBackend
{
    /// <summary>By the file: a <c>.hef</c> runs on HailoRT, anything else on ONNX Runtime.</summary>
    Auto,

    Onnx,

    /// <summary>HailoRT on a Hailo-8/8L (the Raspberry Pi AI HAT+), a compiled <c>.hef</c> model.</summary>
    Hailo,
}
