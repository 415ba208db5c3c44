using PiTune.Core.Platform;
using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Core.Metrics;

/// <summary>
/// Thermal part of a snapshot: temperature, fan and firmware flags (null: not readable this tick), then what the
/// thermal job adds (its cap itself is <see cref="CpuMetrics.ThermalCap"/>).
/// </summary>
/// <param name="State">The throttling episode: other jobs hold their thermal behaviour until it is <see cref="ThermalState.Normal"/> again.</param>
/// <param name="SoftLimit">The soft limit in force (lowered while the fan has failed); null without the thermal job.</param>
/// <param name="FanFailed">The fan is driven but its tachometer reads 0.</param>
/// <param name="SensorFault">
/// The thermal zone's temperature could not be read or was implausible (outside -40…150 °C), or the snapshot is stale: the
/// thermal job is blind, so a fan it drives runs at least at its safe duty and a throttle cap holds (neither lifted nor lowered).
/// </param>
/// <param name="ThrottleEpisodes">Episodes since start: a job that skipped ticks can still tell one happened.</param>
/// <param name="FanControlled">PiTune drives the fan (the kernel's zone governor is set aside).</param>
/// <param name="FanDevice">
/// The fan <c>Fan:Kind</c> chose ("hwmon2 (pwmfan) pwm1", "pwmchip0/pwm2 at 25000 Hz"); <see cref="FanDuty"/> and
/// <see cref="FanRpm"/> are that fan's figures, never another hwmon or cooling device's. Null without the thermal job or a fan.
/// </param>
public readonly record struct ThermalMetrics(
    Celsius? Temperature,
    DutyCycle? FanDuty,
    int? FanRpm,
    ThrottleFlags? Throttle,
    bool? UnderVoltage,
    ThermalState State = ThermalState.Normal,
    Celsius? SoftLimit = null,
    bool FanFailed = false,
    bool SensorFault = false,
    long ThrottleEpisodes = 0,
    bool FanControlled = false,
    string? FanDevice = null);
