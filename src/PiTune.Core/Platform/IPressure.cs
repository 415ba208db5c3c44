namespace PiTune.Core.Platform;

/// <summary>Pressure stall information (<c>/proc/pressure/{cpu,memory,io}</c>, kernel 4.20+ with PSI enabled).</summary>
public interface IPressure
{
    ReadResult<PressureStall> Read(PressureResource resource);
}
