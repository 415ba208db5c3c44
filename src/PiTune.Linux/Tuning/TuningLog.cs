using Microsoft.Extensions.Logging;

namespace PiTune.Linux.Tuning;

/// <summary>Tuning ledger log lines; event ids 200–299.</summary>
internal static partial class TuningLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning,
        Message = "Left over from an unclean stop: restoring {Count} setting(s) to their originals: {Paths}")]
    public static partial void RestoringLeftovers(ILogger logger, int count, string paths);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Restored {Path} to \"{Original}\"")]
    public static partial void Restored(ILogger logger, string path, string original);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning,
        Message = "{Path} is gone (device removed or driver unloaded); its original \"{Original}\" is forgotten")]
    public static partial void RestoreTargetGone(ILogger logger, string path, string original);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error,
        Message = "Could not restore {Path} to its original \"{Original}\": {Problem}. Dropped from the ledger: write that value to {FullPath} by hand")]
    public static partial void RestoreFailedDropped(ILogger logger, string path, string original, string problem, string fullPath);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error,
        Message = "Could not restore {Path} to its original \"{Original}\": {Problem}. Kept in the ledger; tried again at stop")]
    public static partial void RestoreFailedKept(ILogger logger, string path, string original, string problem);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "Recorded the original of {Path}: \"{Original}\"")]
    public static partial void Recorded(ILogger logger, string path, string original);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning,
        Message = "Not changing {Path}: its current value cannot be read ({Problem}), so it could not be put back")]
    public static partial void OriginalUnreadable(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 207, Level = LogLevel.Error,
        Message = "Not changing {Path}: its original could not be recorded in {LedgerFile} ({Problem}); no setting is changed until it can be")]
    public static partial void RecordFailed(ILogger logger, string path, string ledgerFile, string problem);

    [LoggerMessage(EventId = 208, Level = LogLevel.Error,
        Message = "The ledger {LedgerFile} could not be updated after a restore; the next start restores those settings again")]
    public static partial void SaveAfterRestoreFailed(ILogger logger, string ledgerFile, Exception exception);

    [LoggerMessage(EventId = 209, Level = LogLevel.Error,
        Message = "The ledger {LedgerFile} cannot be trusted ({Problem}); set aside as {SetAsidePath} and starting with an empty ledger. Settings it recorded are not restored: check them by hand")]
    public static partial void LedgerUnreadable(ILogger logger, string ledgerFile, string problem, string setAsidePath);

    [LoggerMessage(EventId = 210, Level = LogLevel.Error,
        Message = "The ledger {LedgerFile} was written for root {LedgerRoot}, not {Root}; set aside as {SetAsidePath} without restoring anything")]
    public static partial void LedgerOfOtherRoot(ILogger logger, string ledgerFile, string ledgerRoot, string root, string setAsidePath);

    [LoggerMessage(EventId = 211, Level = LogLevel.Error,
        Message = "The ledger {LedgerFile} could not be set aside ({Problem}); starting with an empty ledger, the file is overwritten at the first change")]
    public static partial void SetAsideFailed(ILogger logger, string ledgerFile, string problem);

    [LoggerMessage(EventId = 212, Level = LogLevel.Error,
        Message = "State directory {Directory} cannot be created ({Problem}); every change will be refused until it can")]
    public static partial void StateDirectoryUnusable(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning,
        Message = "Not changing {Path}: it is outside the root {Root}")]
    public static partial void OutsideRoot(ILogger logger, string path, string root);

    [LoggerMessage(EventId = 214, Level = LogLevel.Error,
        Message = "Still cannot record originals in {LedgerFile}: {Count} change(s) refused over {FailingFor} ({Problem})")]
    public static partial void RecordStillFailing(ILogger logger, string ledgerFile, long count, TimeSpan failingFor, string problem);

    [LoggerMessage(EventId = 215, Level = LogLevel.Information,
        Message = "The ledger {LedgerFile} can be written again; changes go ahead ({Count} refused over {DownFor})")]
    public static partial void RecordRecovered(ILogger logger, string ledgerFile, long count, TimeSpan downFor);

    [LoggerMessage(EventId = 216, Level = LogLevel.Warning,
        Message = "Still not changing {Path}: its current value cannot be read ({Problem}); {Count} change(s) refused over {FailingFor}")]
    public static partial void OriginalStillUnreadable(ILogger logger, string path, long count, TimeSpan failingFor, string problem);

    [LoggerMessage(EventId = 217, Level = LogLevel.Error,
        Message = "The ledger {LedgerFile} cannot be read ({Problem}); left as it is and nothing restored from it. No setting is changed until it can be written")]
    public static partial void LedgerCannotBeRead(ILogger logger, string ledgerFile, string problem);
}
