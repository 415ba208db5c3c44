using System.Runtime.InteropServices;

namespace PiTune.Linux.Tuning;

/// <summary>
/// fsync(2) on a directory, which makes a rename in it durable. .NET cannot do this itself:
/// <see cref="File.OpenHandle"/> refuses directories on Linux (UnauthorizedAccessException).
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY | O_CLOEXEC: the same bits on x86-64 and arm64 (O_DIRECTORY differs between them, so it is left out).
    private const int ReadOnlyCloseOnExec = 0x80000;

    // Some file systems (FUSE, some network mounts) do not sync directories; the rename is then as durable as they make it.
    private const int EINVAL = 22;
    private const int ENOTSUP = 95;

    /// <summary>Flushes the directory entry table to disk; throws <see cref="IOException"/> when that fails.</summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int fd = Open(directory, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is not EINVAL and not ENOTSUP)
                {
                    throw Failure("fsync", directory);
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Failure(string call, string directory)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} {directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
