using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary><c>hailo_3d_image_shape_t</c> (12 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HailoImageShape
{
    public uint Height;
    public uint Width;
    public uint Features;
}
