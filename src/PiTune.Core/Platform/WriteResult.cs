namespace PiTune.Core.Platform;

/// <summary>The outcome of writing one kernel attribute.</summary>
public readonly record struct WriteResult(ReadStatus Status, string? Path, string? Detail)
{
    public bool IsOk => Status == ReadStatus.Ok;

    public static WriteResult Ok(string? path) => new(ReadStatus.Ok, path, null);

    public string Describe() => Status switch
    {
        ReadStatus.Ok => $"{Path}: written",
        ReadStatus.Missing => $"{Path}: missing",
        ReadStatus.PermissionDenied => $"{Path}: permission denied (is PiTune running as root, and is the path writable under the unit's ProtectSystem?)",
        ReadStatus.Garbage => $"{Path}: the kernel rejected the value ({Detail})",
        _ => $"{Path}: I/O error ({Detail})",
    };
}
