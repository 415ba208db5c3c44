namespace PiTune.Core.Thermal;

/// <summary>Why the fan runs at the duty it does.</summary>
public enum FanReason
{
    /// <summary>The curve (with hysteresis and minimum on/off times).</summary>
    Curve,

    /// <summary>Spin-up kick: full duty for a moment after a standstill.</summary>
    Kick,

    /// <summary>No usable temperature: the safe duty.</summary>
    SensorFault,
}
