using Microsoft.Extensions.Logging;

namespace PiTune.Configuration;

/// <summary>Configuration log lines; event ids 10–29.</summary>
internal static partial class ConfigLog
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Configuration reloaded ({Trigger}): {Changes}")]
    public static partial void Reloaded(ILogger logger, string trigger, string changes);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Configuration reloaded ({Trigger}): no changes")]
    public static partial void Unchanged(ILogger logger, string trigger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Configuration change rejected ({Trigger}); the last good settings stay in force: {Problems}")]
    public static partial void Rejected(ILogger logger, string trigger, string problems);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Configuration could not be reloaded ({Trigger}); the last good settings stay in force")]
    public static partial void ReloadFailed(ILogger logger, string trigger, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information,
        Message = "Edits to {Path} apply on save (or on SIGHUP: systemctl reload pitune); that file is the one to edit{Note}")]
    public static partial void Watching(ILogger logger, string path, string note);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning,
        Message = "Changes to {Path} are not watched ({Reason}); apply edits with systemctl reload pitune")]
    public static partial void NotWatched(ILogger logger, string path, string reason);
}
