namespace PiTune.Core.Thermal;

/// <summary>Whether PiTune only watches the fan or drives it (<c>Fan:Mode</c>).</summary>
public enum FanMode
{
    /// <summary>Report duty, RPM and faults; leave the fan to the kernel (or to nobody).</summary>
    Observe,

    /// <summary>Take the thermal zone over from the kernel (<c>user_space</c>) and drive the fan by the curve.</summary>
    Control,
}
