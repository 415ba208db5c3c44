using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>
/// <c>hailo_device_identity_t</c> (140 bytes). The strings are not NUL-terminated: only their <c>*Length</c> bytes are
/// written.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct HailoDeviceIdentity
{
    public uint ProtocolVersion;
    public HailoVersion FirmwareVersion;
    public uint LoggerVersion;
    public byte BoardNameLength;
    public fixed byte BoardName[32];
    public byte IsRelease;
    public byte ExtendedContextSwitchBuffer;
    public HailoArchitecture DeviceArchitecture;
    public byte SerialNumberLength;
    public fixed byte SerialNumber[16];
    public byte PartNumberLength;
    public fixed byte PartNumber[16];
    public byte ProductNameLength;
    public fixed byte ProductName[42];
}
