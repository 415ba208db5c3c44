using Microsoft.Extensions.Logging;

namespace PiTune.Core.Sampling;

/// <summary>Sampler log lines; event ids 1000–1099.</summary>
internal static partial class SamplerLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Cannot read {Source}: {Problem}; sampling goes on without it")]
    public static partial void SourceFailed(ILogger logger, string source, string problem);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Source} still unreadable: {Failures} failed reads in {DownFor}; last: {Problem}")]
    public static partial void SourceStillFailing(ILogger logger, string source, long failures, TimeSpan downFor, string problem);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{Source} readable again after {Failures} failed reads over {DownFor}")]
    public static partial void SourceRecovered(ILogger logger, string source, long failures, TimeSpan downFor);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Source} is not present on this machine ({Problem}); not sampled")]
    public static partial void SourceAbsent(ILogger logger, string source, string problem);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "{Source} appeared; sampling it from now on")]
    public static partial void SourceAppeared(ILogger logger, string source);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Metrics contributor {Contributor} failed; its section is left empty this tick")]
    public static partial void ContributorFailed(ILogger logger, string contributor, Exception exception);
}
