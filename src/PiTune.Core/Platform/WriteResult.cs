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
        ReadStatus.PermissionDenied => $"{Path}: permission denied (is PiTune running as root?)",
        ReadStatus.Garbage => $"{Path}: the kernel rejected the value ({Detail})",

        // The detail names the errno in words (a directory, a read-only file system, no space left); EIO says "Input/output error".
        _ => $"{Path}: {Detail ?? "I/O error"}",
    };
}
