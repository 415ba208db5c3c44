namespace PiTune.Core.Platform;

/// <summary>The resources PSI reports on (<c>/proc/pressure/*</c>).</summary>
public enum PressureResource
{
    Cpu,
    Memory,
    Io,
}
