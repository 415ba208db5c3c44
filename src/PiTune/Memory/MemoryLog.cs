using Microsoft.Extensions.Logging;

namespace PiTune.Memory;

/// <summary>Memory job log lines; event ids 1600–1699.</summary>
internal static partial class MemoryLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information,
        Message = "Memory job: swap-off {SwapMode}, pressure high at {HighPercent} % / low below {LowPercent} % (PSI some avg10), pool trimmed to {TrimPercent} % of its budget under pressure")]
    public static partial void Started(ILogger logger, string swapMode, double highPercent, double lowPercent, int trimPercent);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "No buffer pool is running: pressure-driven pool trimming is inactive")]
    public static partial void PoolTrimmingInactive(ILogger logger);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "No batcher is running: the batch size is not capped under memory pressure")]
    public static partial void BatchLimitInactive(ILogger logger);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Memory:Enabled is false: the memory job only observes (no vm tunable, swap or pool change)")]
    public static partial void Observing(ILogger logger);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Information, Message = "vm.{Key} set to {Value} (was {Original})")]
    public static partial void TunableSet(ILogger logger, string key, long value, string original);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "vm.{Key} is {Value} already; left as it is")]
    public static partial void TunableAlready(ILogger logger, string key, long value);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Warning, Message = "vm.{Key} not set to {Value}: {Problem}")]
    public static partial void TunableFailed(ILogger logger, string key, long value, string problem);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Information, Message = "vm.{Key} no longer configured: {Outcome}")]
    public static partial void TunableHandedBack(ILogger logger, string key, string outcome);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Warning, Message = "No vm sysctls under {Directory}: memory tunables are inactive")]
    public static partial void VmAbsent(ILogger logger, string directory);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Warning,
        Message = "Memory pressure high ({Measure}): buffer pool held to {LimitBytes} bytes ({TrimPercent} % of its budget; {FreedBytes} bytes freed now), batches capped at {MaxBatchSize}")]
    public static partial void PressureHigh(ILogger logger, string measure, long limitBytes, int trimPercent, long freedBytes, int maxBatchSize);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Warning, Message = "Memory pressure high ({Measure}); no pool or batcher to relieve it")]
    public static partial void PressureHighNothingToTrim(ILogger logger, string measure);

    [LoggerMessage(EventId = 1612, Level = LogLevel.Information, Message = "Memory pressure over ({Measure}): pool and batch limits lifted")]
    public static partial void PressureEnded(ILogger logger, string measure);

    [LoggerMessage(EventId = 1613, Level = LogLevel.Error, Message = "Applying or lifting the memory pressure limits failed; the job goes on")]
    public static partial void PressureControlFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1620, Level = LogLevel.Warning, Message = "Swap-off skipped: {Reason}; checked again each tick")]
    public static partial void SwapOffUnsafe(ILogger logger, string reason);

    [LoggerMessage(EventId = 1621, Level = LogLevel.Information, Message = "Turning swap off ({Reason}): {Areas}")]
    public static partial void SwapTurningOff(ILogger logger, string reason, string areas);

    [LoggerMessage(EventId = 1622, Level = LogLevel.Information, Message = "Turning swap on again ({Reason}): {Areas}")]
    public static partial void SwapTurningOn(ILogger logger, string reason, string areas);

    [LoggerMessage(EventId = 1623, Level = LogLevel.Information, Message = "swapoff {Filename} done in {Elapsed} (priority {Priority} remembered)")]
    public static partial void SwapOffDone(ILogger logger, string filename, TimeSpan elapsed, int priority);

    [LoggerMessage(EventId = 1624, Level = LogLevel.Warning, Message = "swapoff {Filename} failed: {Problem}; swap left as it was, next try in {Retry}")]
    public static partial void SwapOffFailed(ILogger logger, string filename, string problem, TimeSpan retry);

    [LoggerMessage(EventId = 1625, Level = LogLevel.Information, Message = "swapon {Filename} with priority {Priority} done in {Elapsed}")]
    public static partial void SwapOnDone(ILogger logger, string filename, int priority, TimeSpan elapsed);

    [LoggerMessage(EventId = 1626, Level = LogLevel.Error, Message = "swapon {Filename} (priority {Priority}) failed: {Problem}; {Next}")]
    public static partial void SwapOnFailed(ILogger logger, string filename, int priority, string problem, string next);

    [LoggerMessage(EventId = 1627, Level = LogLevel.Warning, Message = "An unclean stop left {Count} swap area(s) off; turning them on again: {Areas}")]
    public static partial void SwapLeftovers(ILogger logger, int count, string areas);

    [LoggerMessage(EventId = 1628, Level = LogLevel.Error, Message = "Swap record problem: {Problem}")]
    public static partial void SwapRecordProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 1629, Level = LogLevel.Information,
        Message = "Platform:Root is {Root}, not /: swap control is simulated in {Root}/proc/swaps; the kernel's swap is never touched")]
    public static partial void SwapSimulated(ILogger logger, string root);

    [LoggerMessage(EventId = 1630, Level = LogLevel.Information,
        Message = "No inference activity signal (no batcher): Memory:DisableSwap=DuringInference never turns swap off")]
    public static partial void NoInferenceSignal(ILogger logger);

    [LoggerMessage(EventId = 1631, Level = LogLevel.Warning, Message = "Cannot read the swap table: {Problem}; swap control waits for it")]
    public static partial void SwapTableUnreadable(ILogger logger, string problem);

    [LoggerMessage(EventId = 1632, Level = LogLevel.Error, Message = "A swap round failed unexpectedly; swap control goes on")]
    public static partial void SwapRoundCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1640, Level = LogLevel.Error, Message = "Memory job tick failed; the loop goes on")]
    public static partial void TickFailed(ILogger logger, Exception exception);
}
