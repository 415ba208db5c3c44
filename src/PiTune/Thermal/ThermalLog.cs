using Microsoft.Extensions.Logging;
using PiTune.Core.Units;

namespace PiTune.Thermal;

/// <summary>Thermal and fan job log lines; event ids 1500–1599.</summary>
internal static partial class ThermalLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information,
        Message = "Thermal: observing (fan {Fan}); soft limit {LimitC} °C, throttling {Throttle}")]
    public static partial void Observing(ILogger logger, string fan, double limitC, string throttle);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information,
        Message = "Thermal: PiTune drives the fan {Fan} ({Takeover}); soft limit {LimitC} °C, throttling {Throttle}")]
    public static partial void Controlling(ILogger logger, string fan, string takeover, double limitC, string throttle);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning,
        Message = "Fan:Mode is Control but PiTune stays an observer: {Reason}")]
    public static partial void CannotControl(ILogger logger, string reason);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning,
        Message = "ThermalThrottled: {TemperatureC} °C is above the soft limit {LimitC} °C; frequency capped at {Cap}")]
    public static partial void Throttled(ILogger logger, double temperatureC, double limitC, string cap);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information,
        Message = "ThermalRecovered: {TemperatureC} °C, cap lifted after {Duration} (peak {PeakC} °C); episode {Episode}")]
    public static partial void Recovered(ILogger logger, double temperatureC, TimeSpan duration, double peakC, long episode);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Debug, Message = "Thermal cap {Cap} at {TemperatureC} °C ({Event})")]
    public static partial void CapStepped(ILogger logger, string cap, double temperatureC, string @event);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Warning,
        Message = "Under-voltage: the supply sags below what the Pi needs ({Flags}); the firmware throttles the CPU and USB devices may drop out. Use the official 5 V 5 A (27 W) supply and a short, thick cable")]
    public static partial void UnderVoltage(ILogger logger, string flags);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Information, Message = "Under-voltage cleared ({Flags})")]
    public static partial void UnderVoltageCleared(ILogger logger, string flags);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Warning,
        Message = "The firmware is limiting the CPU clock at {Temperature} ({Flags}): the soft limit did not keep the chip below 80 °C")]
    public static partial void FirmwareLimiting(ILogger logger, string temperature, string flags);

    [LoggerMessage(EventId = 1509, Level = LogLevel.Error,
        Message = "Fan failure: driven at {Duty} for {Duration} but its tachometer reads 0 rpm (stalled, unplugged or not fitted?); soft limit lowered to {LimitC} °C until it turns again")]
    public static partial void FanFailed(ILogger logger, string duty, TimeSpan duration, double limitC);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Fan answers again ({Rpm} rpm); soft limit back to {LimitC} °C")]
    public static partial void FanAnswered(ILogger logger, int rpm, double limitC);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Error,
        Message = "Temperature unreadable ({Reason}): fan set to its safe duty {Duty} until it can be read again")]
    public static partial void SensorFault(ILogger logger, string reason, string duty);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Information, Message = "Temperature readable again ({TemperatureC} °C): fan back on its curve")]
    public static partial void SensorRecovered(ILogger logger, double temperatureC);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Error, Message = "Cannot set the fan {Fan}: {Problem}")]
    public static partial void FanWriteFailed(ILogger logger, string fan, string problem);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Error, Message = "Fan {Fan} still cannot be set: {Count} failures in {Duration}")]
    public static partial void FanWriteStillFailing(ILogger logger, string fan, long count, TimeSpan duration);

    [LoggerMessage(EventId = 1515, Level = LogLevel.Information, Message = "Fan {Fan} can be set again")]
    public static partial void FanWriteRecovered(ILogger logger, string fan);

    [LoggerMessage(EventId = 1516, Level = LogLevel.Warning,
        Message = "Soft throttling cannot cap the CPU: {Reason}; temperature and fan are still handled")]
    public static partial void CannotCap(ILogger logger, string reason);

    [LoggerMessage(EventId = 1517, Level = LogLevel.Debug, Message = "Fan {Duty} ({Reason}) at {TemperatureText}")]
    public static partial void FanSet(ILogger logger, string duty, string reason, string temperatureText);

    [LoggerMessage(EventId = 1519, Level = LogLevel.Information,
        Message = "Fan:Kind and Fan:Mode changes take effect at the next start")]
    public static partial void ModeChangeNeedsRestart(ILogger logger);

    [LoggerMessage(EventId = 1520, Level = LogLevel.Error, Message = "Thermal tick failed; the loop goes on")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1521, Level = LogLevel.Warning,
        Message = "Under-voltage again: {Episodes} episodes since start ({Flags}); use the official 5 V 5 A (27 W) supply")]
    public static partial void UnderVoltageAgain(ILogger logger, long episodes, string flags);

    [LoggerMessage(EventId = 1522, Level = LogLevel.Warning,
        Message = "Accelerator chip {Architecture} at {TemperatureC:F1} °C, near its {LimitC} °C limit: check the AI HAT+'s airflow (said again once it is below {ClearC} °C and back)")]
    public static partial void ChipHot(ILogger logger, string architecture, double temperatureC, double limitC, double clearC);

    [LoggerMessage(EventId = 1523, Level = LogLevel.Information, Message = "Accelerator chip {Architecture} back to {TemperatureC:F1} °C")]
    public static partial void ChipCooled(ILogger logger, string architecture, double temperatureC);
}
