using Microsoft.Extensions.Logging;

namespace PiTune.Priority;

/// <summary>Process priority log lines; event ids 4100–4199.</summary>
internal static partial class PriorityLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Inference thread {ThreadId}: nice {Nice}, {Policy}, CPUs {Cpus}")]
    public static partial void Applied(ILogger logger, int threadId, int nice, string policy, string cpus);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Inference thread scheduling: {Problem}; the thread carries on at its default setting for it")]
    public static partial void Refused(ILogger logger, string problem);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Housekeeping threads kept to CPUs {Cpus} ({Threads} thread(s) now; new ones inherit it)")]
    public static partial void Housekeeping(ILogger logger, string cpus, int threads);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "Housekeeping affinity: {Problem}; the daemon's other threads keep every CPU")]
    public static partial void HousekeepingRefused(ILogger logger, string problem);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information,
        Message = "ONNX Runtime's {Count} pool thread(s) {ThreadIds}: nice {Nice}, {Policy}, CPUs {Cpus}{Problem}")]
    public static partial void RuntimeThreads(ILogger logger, int count, string threadIds, int nice, string policy, string cpus, string problem);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information,
        Message = "Priority reloaded: nice {Nice}, {Policy}, CPUs {Cpus} applied to the {Threads} running inference thread(s){Problem}")]
    public static partial void Reapplied(ILogger logger, int nice, string policy, string cpus, int threads, string problem);
}
