using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>
/// <c>hailo_vstream_info_t</c>, 436 bytes from 4.20 on (432 before: quant_info moved from 416 to 420 when
/// <c>hailo_nms_shape_t</c> grew, the reason PiTune refuses older libraries). Shape and NMS shape share offset 404.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 436)]
internal unsafe struct HailoVstreamInfo
{
    [FieldOffset(0)] public fixed byte Name[128];
    [FieldOffset(128)] public fixed byte NetworkName[257];
    [FieldOffset(388)] public int Direction;
    [FieldOffset(392)] public HailoFormat Format;
    [FieldOffset(404)] public HailoImageShape Shape;
    [FieldOffset(420)] public HailoQuantInfo QuantInfo;
}
