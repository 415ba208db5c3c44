using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PiTune.Tests.Support;

/// <summary>
/// A named pipe standing in for a sysfs attribute whose read never returns: opening it for reading blocks until a
/// writer comes. <see cref="Release"/> is that writer, so a test frees the thread it blocked and leaks none.
/// </summary>
internal static partial class Fifo
{
    private const int WriteOnlyNonBlocking = 0x1 | 0x800; // O_WRONLY | O_NONBLOCK (generic Linux, arm64 and x64)
    private const int ENXIO = 6;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>Replaces the file at <paramref name="path"/> (if any) with a FIFO.</summary>
    public static void Create(string path)
    {
        File.Delete(path);
        Assert.True(MkFifo(path, 0x1a4) == 0, $"mkfifo {path}: errno {Marshal.GetLastPInvokeError()}"); // 0644
    }

    /// <summary>
    /// Opens the FIFO for writing, which lets a reader blocked in open() go on, writes <paramref name="content"/> and
    /// closes it. Never blocks: a non-blocking writer's open fails (ENXIO) while no reader is there yet, and is retried
    /// until the reader has got into open(), for at most ten seconds.
    /// </summary>
    public static void Release(string path, string content = "")
    {
        var watch = Stopwatch.StartNew();
        int fd;
        while ((fd = Open(path, WriteOnlyNonBlocking)) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Assert.True(errno == ENXIO && watch.Elapsed < Wait, $"no reader came to {path} (errno {errno})");
            Thread.Yield();
        }

        byte[] bytes = Encoding.UTF8.GetBytes(content);
        if (bytes.Length > 0)
        {
            _ = Write(fd, bytes, bytes.Length);
        }

        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
