using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>
/// <c>hailo_configure_network_group_params_t</c> (10,560 bytes): only the fields PiTune reads or patches are named;
/// the per-stream (40 × 208 bytes from 152) and per-network (8 × 260 from 8480) tables stay as the library fills them.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 10560)]
internal unsafe struct HailoConfigureNetworkGroupParams
{
    [FieldOffset(0)] public fixed byte Name[128];
    [FieldOffset(128)] public ushort BatchSize;
    [FieldOffset(132)] public int PowerMode;
    [FieldOffset(136)] public int Latency;
    [FieldOffset(144)] public nuint StreamParamsByNameCount;
    [FieldOffset(8472)] public nuint NetworkParamsByNameCount;
}
