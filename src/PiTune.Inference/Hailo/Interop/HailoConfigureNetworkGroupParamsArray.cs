using System.Runtime.CompilerServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>The eight group entries inside <see cref="HailoConfigureParams"/> (HAILO_MAX_NETWORK_GROUPS).</summary>
[InlineArray(8)]
internal struct HailoConfigureNetworkGroupParamsArray
{
    private HailoConfigureNetworkGroupParams _first;
}
