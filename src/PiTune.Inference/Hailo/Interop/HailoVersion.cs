using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary><c>hailo_version_t</c> (12 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HailoVersion
{
    public uint Major;
    public uint Minor;
    public uint Revision;
}
