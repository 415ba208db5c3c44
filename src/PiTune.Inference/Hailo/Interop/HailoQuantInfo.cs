using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary><c>hailo_quant_info_t</c> (16 bytes): f = (q - zp) * scale.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HailoQuantInfo
{
    public float ZeroPoint;
    public float Scale;
    public float LimitMin;
    public float LimitMax;
}
