using Microsoft.Win32.SafeHandles;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>A parsed <c>hailo_hef</c>.</summary>
internal sealed class HefHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public HefHandle(nint handle)
        : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => HailoNative.ReleaseHef(handle) == HailoStatus.Success;
}
