using Microsoft.Extensions.Logging;

namespace PiTune.Api.SharedMemory;

/// <summary>Shared-memory log lines; event ids 3250–3259 (the API's range). Refusals are the 400 alone.</summary>
internal static partial class SharedMemoryLog
{
    [LoggerMessage(EventId = 3250, Level = LogLevel.Debug, Message = "Shared-memory region {Name} registered by uid {Uid}: {Key}, offset {Offset}, {ByteSize} bytes")]
    public static partial void Registered(ILogger logger, string name, uint uid, string key, long offset, long byteSize);

    [LoggerMessage(EventId = 3251, Level = LogLevel.Debug, Message = "Shared-memory region {Name} ({Key}) of uid {Uid} unregistered")]
    public static partial void Unregistered(ILogger logger, string name, string key, uint uid);

    [LoggerMessage(EventId = 3252, Level = LogLevel.Information,
        Message = "Shared-memory region {Name} of uid {Uid} closed: its file {Path} was removed (unlinked) by its owner")]
    public static partial void Vanished(ILogger logger, string name, uint uid, string path);
}
