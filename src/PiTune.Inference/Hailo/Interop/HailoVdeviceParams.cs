using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary><c>hailo_vdevice_params_t</c> (40 bytes, align 8). The vdevice keeps a shallow copy: GroupId's memory
/// must outlive it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HailoVdeviceParams
{
    public uint DeviceCount;
    public nint DeviceIds;
    public int SchedulingAlgorithm;
    public nint GroupId;
    public byte MultiProcessService;
}
