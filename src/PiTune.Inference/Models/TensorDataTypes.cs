namespace PiTune.Inference.Models;

/// <summary>Sizes and KServe v2 names of <see cref="TensorDataType"/>.</summary>
internal static class TensorDataTypes
{
    public static int Size(this TensorDataType type) => type switch
    {
        TensorDataType.Uint8 => 1,
        TensorDataType.Uint16 => 2,
        _ => 4,
    };

    /// <summary>The datatype string of KServe v2's tensor metadata and requests.</summary>
    public static string KServeName(this TensorDataType type) => type switch
    {
        TensorDataType.Uint8 => "UINT8",
        TensorDataType.Uint16 => "UINT16",
        _ => "FP32",
    };
}
