using System.Runtime.InteropServices;
using PiTune.Core.Platform;

namespace PiTune.Linux.Files;

/// <summary>
/// open/write/close straight from libc, for Linux. The managed route reports a directory, a read-only mount and
/// a refused permission all as "access denied"; the errno tells them apart, and the log must say which it is.
/// </summary>
internal static partial class NativeFileWriter
{
    // O_WRONLY | O_TRUNC | O_CLOEXEC (generic Linux, arm, arm64 and x64); never O_CREAT: a missing attribute stays missing.
    private const int WriteTruncateCloseOnExec = 0x1 | 0x200 | 0x80000;

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <param name="fullPath">From <see cref="NativeFileReader.Encode"/>.</param>
    public static unsafe WriteResult Write(byte[] fullPath, string relativePath, ReadOnlySpan<byte> value)
    {
        int fd;
        do
        {
            fixed (byte* path = fullPath)
            {
                fd = Open(path, WriteTruncateCloseOnExec);
            }
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        if (fd < 0)
        {
            return Fail(Marshal.GetLastPInvokeError(), relativePath);
        }

        bool closed = false;
        try
        {
            int total = 0;
            fixed (byte* start = value)
            {
                while (total < value.Length)
                {
                    nint n = WriteBytes(fd, start + total, (nuint)(value.Length - total));
                    if (n < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno == Errno.EINTR)
                        {
                            continue;
                        }

                        return Fail(errno, relativePath);
                    }

                    total += (int)n;
                }
            }

            // A file system may report a failed write (ENOSPC, EIO) only at close.
            closed = true;
            return Close(fd) == 0 ? WriteResult.Ok(relativePath) : Fail(Marshal.GetLastPInvokeError(), relativePath);
        }
        finally
        {
            if (!closed)
            {
                _ = Close(fd);
            }
        }
    }

    private static WriteResult Fail(int errno, string relativePath)
    {
        (ReadStatus status, string detail) = Errno.Classify(errno, write: true);
        return new WriteResult(status, relativePath, detail);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteBytes(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
