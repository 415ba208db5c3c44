namespace PiTune.Inference.Hailo;

/// <summary><c>hailo_format_type_t</c>: the element type of a vstream's user buffer.</summary>
internal enum HailoFormatType
{
    /// <summary>The device's own type (usually UINT8), no scaling.</summary>
    Auto = 0,
    Uint8 = 1,
    Uint16 = 2,
    /// <summary>The library quantises inputs and de-quantises outputs on the host CPU.</summary>
    Float32 = 3,
}
