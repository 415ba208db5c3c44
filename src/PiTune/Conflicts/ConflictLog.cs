using Microsoft.Extensions.Logging;

namespace PiTune.Conflicts;

/// <summary>Conflicting tools; event ids 4250–4259.</summary>
internal static partial class ConflictLog
{
    [LoggerMessage(EventId = 4250, Level = LogLevel.Warning,
        Message = "{Tool} is running ({FoundBy}): it and PiTune would fight over the CPU governor; stop it (e.g. systemctl disable --now tlp) or set Governor:Enabled=false")]
    public static partial void GovernorConflict(ILogger logger, string tool, string foundBy);

    [LoggerMessage(EventId = 4251, Level = LogLevel.Warning,
        Message = "{Tool} is running ({FoundBy}): it and PiTune would fight over the fan and thermal zones; stop it (systemctl disable --now {Tool}) or set Fan:Mode=Observe")]
    public static partial void FanConflict(ILogger logger, string tool, string foundBy);

    [LoggerMessage(EventId = 4252, Level = LogLevel.Information, Message = "{Tool} is no longer running")]
    public static partial void ConflictGone(ILogger logger, string tool);
}
