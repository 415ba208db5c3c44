using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary><c>hailo_vstream_params_t</c> (28 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HailoVstreamParams
{
    public HailoFormat UserBufferFormat;
    public uint TimeoutMs;
    public uint QueueSize;
    public int VstreamStatsFlags;
    public int PipelineElementsStatsFlags;
}
