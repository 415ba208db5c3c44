using Microsoft.Extensions.Logging;

namespace PiTune.Sampling;

/// <summary>Sampling loop log lines; event ids 1100–1199.</summary>
internal static partial class SamplingLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "{TemperatureText} | CPU {CpuText} | mem {MemoryText} | {FrequencyText} {Governor} | fan {FanText} | throttle {ThrottleText}{ChipText}")]
    public static partial void Tick(ILogger logger, string temperatureText, string cpuText, string memoryText, string frequencyText, string governor, string fanText, string throttleText, string chipText);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Sampling every {Interval}")]
    public static partial void Started(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Sampling tick failed; the loop goes on")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Sampling interval changed to {Interval}")]
    public static partial void IntervalChanged(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "Sampling:Interval {Interval} is longer than half the systemd watchdog timeout ({Timeout}); systemd may kill a healthy daemon")]
    public static partial void IntervalTooLongForWatchdog(ILogger logger, TimeSpan interval, TimeSpan timeout);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning,
        Message = "Debug fault switch {Path} present: the sampling loop hangs now (watchdog test)")]
    public static partial void DebugHang(ILogger logger, string path);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error,
        Message = "Sampling is stuck: {Step} has not returned for {Seconds} s; the snapshot is stale and the jobs act without readings{Watchdog}")]
    public static partial void Stalled(ILogger logger, string step, double seconds, string watchdog);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Error,
        Message = "Sampling is stuck again: {Step} has not returned for {Seconds} s ({Stalls} stalls since start); the snapshot is stale{Watchdog}")]
    public static partial void StalledAgain(ILogger logger, string step, double seconds, long stalls, string watchdog);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Sampling goes on: {Step} returned after {Duration}")]
    public static partial void StallEnded(ILogger logger, string step, TimeSpan duration);
}
