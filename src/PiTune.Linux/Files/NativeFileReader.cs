using System.Runtime.InteropServices;
using System.Text;
using PiTune.Core.Platform;

namespace PiTune.Linux.Files;

/// <summary>
/// open/pread/close straight from libc, for Linux. The managed route (File.OpenHandle) allocates a
/// SafeFileHandle per read; the sampler reads about fifteen files a tick for the daemon's whole life,
/// so this route allocates nothing (the caller passes the path already encoded, NUL-terminated).
/// </summary>
internal static partial class NativeFileReader
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (generic Linux, arm, arm64 and x64)

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The NUL-terminated UTF-8 form of a path, as open(2) takes it.</summary>
    public static byte[] Encode(string fullPath)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(fullPath) + 1];
        Encoding.UTF8.GetBytes(fullPath, bytes);
        return bytes;
    }

    /// <param name="fullPath">From <see cref="Encode"/>.</param>
    public static unsafe ReadResult<int> Read(byte[] fullPath, string relativePath, Span<byte> buffer)
    {
        int fd;
        do
        {
            fixed (byte* path = fullPath)
            {
                fd = Open(path, ReadOnlyCloseOnExec);
            }
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        if (fd < 0)
        {
            return Fail(Marshal.GetLastPInvokeError(), relativePath);
        }

        try
        {
            int total = 0;
            fixed (byte* start = buffer)
            {
                while (total < buffer.Length)
                {
                    // Position-based reads, as the managed route does: sysfs and procfs serve the attribute from offset 0.
                    nint n = PRead(fd, start + total, (nuint)(buffer.Length - total), total);
                    if (n < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno == Errno.EINTR)
                        {
                            continue;
                        }

                        return Fail(errno, relativePath);
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    total += (int)n;
                }
            }

            return total == 0 ? ReadResult<int>.Fail(ReadStatus.Empty, relativePath) : ReadResult<int>.Ok(total);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static ReadResult<int> Fail(int errno, string relativePath)
    {
        (ReadStatus status, string detail) = Errno.Classify(errno, write: false);
        return ReadResult<int>.Fail(status, relativePath, detail);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int Open(byte* path, int flags);

    // off_t is pointer-sized for pread on both 32- and 64-bit glibc/musl, hence nint.
    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static unsafe partial nint PRead(int fd, byte* buffer, nuint count, nint offset);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
