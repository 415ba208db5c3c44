using Microsoft.Extensions.Logging;

namespace PiTune.Hosting;

/// <summary>Daemon lifecycle log lines; event ids 1–9 and 30–99.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "PiTune {Version} starting: root {Root}, configuration {ConfigSource}")]
    public static partial void Starting(ILogger logger, string version, string root, string configSource);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Machine: {Summary}")]
    public static partial void Machine(ILogger logger, string summary);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "--for {Duration} elapsed; stopping")]
    public static partial void RunForElapsed(ILogger logger, TimeSpan duration);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Stopped; {Restored} setting(s) restored")]
    public static partial void Stopped(ILogger logger, int restored);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "State:RestoreOnStop is false: leaving {Count} changed setting(s) in place")]
    public static partial void LeavingChanges(ILogger logger, int count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Simulating a Raspberry Pi 5 in {SimRoot} at {Speed}x speed")]
    public static partial void Simulating(ILogger logger, string simRoot, double speed);
}
