namespace PiTune.Telemetry;

/// <summary>The yes/no readings of a <see cref="HistorySample"/>, one byte for all of them.</summary>
[Flags]
internal enum HistoryFlags : byte
{
    None = 0,

    /// <summary>The firmware's get_throttled was read; <see cref="HistorySample.Throttle"/> holds it.</summary>
    ThrottleKnown = 1,

    /// <summary>The rpi_volt alarm was read; <see cref="UnderVoltage"/> says what it held.</summary>
    UnderVoltageKnown = 2,

    UnderVoltage = 4,

    /// <summary>The sampler was stuck: the snapshot carried no readings.</summary>
    Stale = 8,

    SensorFault = 16,

    FanFailed = 32,
}
