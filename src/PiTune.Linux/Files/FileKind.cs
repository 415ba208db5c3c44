namespace PiTune.Linux.Files;

/// <summary>What a path is, for a message that says what is in the way (a socket path taken by a file, say).</summary>
public enum FileKind
{
    /// <summary>Nothing there.</summary>
    None,
    Socket,
    RegularFile,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    /// <summary>The path could not be looked at (permission, a component that is not a directory, …).</summary>
    Unknown,
}
