using Microsoft.Extensions.Logging;

namespace PiTune.Api;

/// <summary>Local API log lines; event ids 3200–3299.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "API listening on {SocketPath} (mode {Mode}{Group})")]
    public static partial void Listening(ILogger logger, string socketPath, string mode, string group);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error,
        Message = "API not started: the directory of Api:SocketPath {SocketPath} does not exist (under systemd RuntimeDirectory=pitune creates /run/pitune); inference is unreachable, the other jobs go on")]
    public static partial void SocketDirectoryMissing(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "API not started on {SocketPath}: {Reason}; inference is unreachable, the other jobs go on")]
    public static partial void StartFailed(ILogger logger, string socketPath, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Removed a socket left over from an earlier run: {SocketPath}")]
    public static partial void StaleSocketRemoved(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Api:SocketGroup {Group}: {Reason}; the socket keeps the daemon's group")]
    public static partial void GroupNotApplied(ILogger logger, string group, string reason);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information, Message = "API also listening on TCP loopback port {Port}")]
    public static partial void ListeningTcp(ILogger logger, int port);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Error, Message = "Unhandled error serving {Path}")]
    public static partial void RequestFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Information, Message = "API request {Method} {Path} refused with {Status}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Information, Message = "API request {Method} {Path}: the client closed the connection before its body was read")]
    public static partial void ClientGone(ILogger logger, string method, string path);
}
