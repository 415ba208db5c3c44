using PiTune.Core.Platform;
using PiTune.Core.Units;

namespace PiTune.Core.Metrics;

/// <summary>Thermal part of a snapshot: temperature, fan and firmware flags. Null fields were not readable this tick.</summary>
public readonly record struct ThermalMetrics(
    Celsius? Temperature,
    DutyCycle? FanDuty,
    int? FanRpm,
    ThrottleFlags? Throttle,
    bool? UnderVoltage);
