using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary><c>hailo_format_t</c> (12 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HailoFormat
{
    public HailoFormatType Type;
    public int Order;
    public int Flags;
}
