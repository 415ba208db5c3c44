using Microsoft.Win32.SafeHandles;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>A <c>hailo_vdevice</c>: releasing it frees the chip and every network group configured on it.</summary>
internal sealed class VdeviceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public VdeviceHandle(nint handle)
        : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => HailoNative.ReleaseVdevice(handle) == HailoStatus.Success;
}
