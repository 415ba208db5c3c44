using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>
/// <c>hailo_input_vstream_params_by_name_t</c> and <c>hailo_output_vstream_params_by_name_t</c>: the same 156 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct HailoVstreamParamsByName
{
    public fixed byte Name[128];
    public HailoVstreamParams Params;
}
