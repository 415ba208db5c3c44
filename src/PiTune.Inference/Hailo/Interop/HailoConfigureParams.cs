using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>
/// <c>hailo_configure_params_t</c> (84,488 bytes): too big for the stack, so PiTune allocates it zeroed in native memory
/// and lets <c>hailo_init_configure_params_by_vdevice</c> fill it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 84488)]
internal struct HailoConfigureParams
{
    [FieldOffset(0)] public nuint NetworkGroupParamsCount;
    [FieldOffset(8)] public HailoConfigureNetworkGroupParamsArray NetworkGroupParams;
}
