using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary><c>hailo_chip_temperature_info_t</c> (12 bytes): °C from two on-die sensors.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HailoChipTemperatureInfo
{
    public float Ts0Temperature;
    public float Ts1Temperature;
    public ushort SampleCount;
}
