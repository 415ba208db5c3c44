namespace PiTune.Linux.Files;

/// <summary>Tells a socket from a regular file, a FIFO or a device: .NET reports them all as plain files.</summary>
public static class FileKinds
{
    /// <summary>What <paramref name="fullPath"/> itself is; a symbolic link is not followed.</summary>
    public static FileKind Of(string fullPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullPath);
        int errno = NativeStat.TryStat(fullPath, followLinks: false, out NativeStat.Identity identity);
        if (errno != 0)
        {
            return errno == Errno.ENOENT ? FileKind.None : FileKind.Unknown;
        }

        return identity.Type switch
        {
            NativeStat.Identity.Socket => FileKind.Socket,
            NativeStat.Identity.Regular => FileKind.RegularFile,
            NativeStat.Identity.Directory => FileKind.Directory,
            NativeStat.Identity.Link => FileKind.SymbolicLink,
            NativeStat.Identity.Fifo => FileKind.Fifo,
            NativeStat.Identity.Character => FileKind.CharacterDevice,
            NativeStat.Identity.Block => FileKind.BlockDevice,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>The kind in words, with an article: "a regular file", "a directory".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.None => "nothing",
        FileKind.Socket => "a socket",
        FileKind.RegularFile => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        _ => "something that cannot be looked at",
    };
}
