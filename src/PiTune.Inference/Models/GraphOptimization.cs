namespace PiTune.Inference.Models;

/// <summary>ONNX Runtime's graph optimization levels, by the names its documentation uses.</summary>
internal enum GraphOptimization
{
    Disabled,
    Basic,
    Extended,
    All,
}
