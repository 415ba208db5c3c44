namespace PiTune.Inference.Models;

/// <summary>The element types PiTune serves, by KServe v2's datatype names (FP32, UINT8, UINT16).</summary>
internal enum TensorDataType
{
    Fp32,
    Uint8,
    Uint16,
}
