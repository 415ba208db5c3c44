using Microsoft.Extensions.Logging;

namespace PiTune.Governor;

/// <summary>CPU governor job log lines; event ids 4000–4099.</summary>
internal static partial class GovernorLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Governor job started on {Policies}; activity from {ActivitySource}; idle grace {IdleGrace}")]
    public static partial void Started(ILogger logger, string policies, string activitySource, TimeSpan idleGrace);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "{Policy}: {Mode} → governor {Governor}, scaling_max_freq {MaxFrequency} kHz")]
    public static partial void ModeChanged(ILogger logger, string policy, string mode, string governor, long maxFrequency);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{Policy}: set {Tunable} to {Value} (was {Previous})")]
    public static partial void Wrote(ILogger logger, string policy, string tunable, string value, string previous);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "{Policy}: {Problem}")]
    public static partial void GovernorUnavailable(ILogger logger, string policy, string problem);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error,
        Message = "Cannot set {Path} to {Value}: {Problem}; the governor job keeps trying and the other jobs go on")]
    public static partial void WriteFailed(ILogger logger, string path, string value, string problem);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error,
        Message = "{Path} still cannot be set: {Failures} failed writes in {FailingFor}; last: {Problem}")]
    public static partial void WriteStillFailing(ILogger logger, string path, long failures, TimeSpan failingFor, string problem);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "{Path} can be set again after {Failures} failed writes over {DownFor}")]
    public static partial void WriteRecovered(ILogger logger, string path, long failures, TimeSpan downFor);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning,
        Message = "{Policy}: cannot read {Source} ({Problem}); this policy is left alone until it can")]
    public static partial void PolicyUnreadable(ILogger logger, string policy, string source, string problem);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information,
        Message = "Governor:Enabled is false: the governor job only observes; {Restored} setting(s) handed back to their originals")]
    public static partial void Observing(ILogger logger, int restored);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Governor:Enabled is true: the governor job manages the governor again")]
    public static partial void Managing(ILogger logger);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug,
        Message = "{Path}: asked for {Value}, the kernel holds {Actual}; not asking again until either changes")]
    public static partial void KernelAdjusted(ILogger logger, string path, string value, string actual);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Governor decision failed; the loop goes on")]
    public static partial void DecisionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning,
        Message = "{Policy}: {Source} still unreadable: {Failures} failed reads in {FailingFor}; last: {Problem}")]
    public static partial void PolicyStillUnreadable(ILogger logger, string policy, string source, long failures, TimeSpan failingFor, string problem);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "{Policy}: {Source} readable again after {DownFor}; the policy is managed again")]
    public static partial void PolicyReadable(ILogger logger, string policy, string source, TimeSpan downFor);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "No cpufreq policy on this machine: the governor job has nothing to do")]
    public static partial void NoPolicies(ILogger logger);
}
