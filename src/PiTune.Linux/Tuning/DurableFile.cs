using Microsoft.Win32.SafeHandles;

namespace PiTune.Linux.Tuning;

/// <summary>
/// Replaces a small state file so that a crash or power cut leaves either the old or the new content, never a
/// mix: write a temp file beside it, fsync it, rename it over the file, fsync the directory. Used for every
/// record PiTune must find again after a crash (the tuning ledger, the swap record).
/// </summary>
internal static class DurableFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically and durably. Throws IOException or UnauthorizedAccessException.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        string temp = path + ".tmp";

        // FileMode.Create truncates a temp file an earlier crash may have left half-written.
        using (SafeFileHandle handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, content, 0);
            RandomAccess.FlushToDisk(handle);
        }

        // rename(2) replaces the old file atomically; the directory fsync makes the new name survive a power cut.
        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }
}
