using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary><c>hailo_layer_name_t</c> (128 bytes, NUL-terminated).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct HailoLayerName
{
    public fixed byte Name[128];
}
