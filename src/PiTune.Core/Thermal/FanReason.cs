namespace PiTune.Core.Thermal;

/// <summary>Why the fan runs at the duty it does.</summary>
public enum FanReason
{
    /// <summary>The curve (with hysteresis and minimum on/off times).</summary>
    Curve,

    /// <summary>Spin-up kick: the kick duty for a moment after a start the tachometer did not see (or any start, without one).</summary>
    Kick,

    /// <summary>No usable temperature: the safe duty.</summary>
    SensorFault,
}
