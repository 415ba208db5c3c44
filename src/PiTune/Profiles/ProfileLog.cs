using Microsoft.Extensions.Logging;

namespace PiTune.Profiles;

/// <summary>Profile log lines; event ids 5000–5099.</summary>
internal static partial class ProfileLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Profile {Name} ({Reason}); profiles of your own in {Directory}")]
    public static partial void Active(ILogger logger, string name, string reason, string directory);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Profile {Name} in force ({Reason})")]
    public static partial void Switched(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Profile {Name} refused; profile {Current} stays in force: {Problems}")]
    public static partial void Refused(ILogger logger, string name, string current, string problems);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "The profile set by hand could not be kept: {Problem}")]
    public static partial void NotKept(ILogger logger, string problem);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Profile {Name}, set by hand, gives way to the schedule at its edge")]
    public static partial void HandSetEnded(ILogger logger, string name);
}
