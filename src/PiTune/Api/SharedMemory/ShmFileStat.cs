namespace PiTune.Api.SharedMemory;

/// <summary>What statx says of a region's file: type and permission bits, links left, owner, group, size in bytes.</summary>
internal readonly record struct ShmFileStat(int Mode, uint Links, uint Uid, uint Gid, long Size)
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    public bool IsRegular => (Mode & TypeMask) == Regular;

    /// <summary>The file's kind in words, for a refusal.</summary>
    public string Kind => (Mode & TypeMask) switch
    {
        Regular => "a regular file",
        0x4000 => "a directory",
        0x1000 => "a FIFO",
        0xC000 => "a socket",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xA000 => "a symbolic link",
        _ => "not a regular file",
    };
}
