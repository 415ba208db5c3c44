using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PiTune.Linux.Files;

/// <summary>
/// <c>flock(2)</c> from libc. flock, not fcntl: its lock belongs to the open file, so two opens in one process
/// exclude each other as two processes do (tests run both "daemons" in one process), the kernel drops it when the
/// holder dies however it dies (kill -9 included), and it works on a directory opened read-only. Explicit rather
/// than .NET's FileShare.None, which takes the same lock but is switched off by DOTNET_SYSTEM_IO_DISABLEFILELOCKING.
/// </summary>
internal static partial class NativeLock
{
    private const int ReadOnlyCloseOnExec = 0x80000;            // O_RDONLY | O_CLOEXEC
    private const int ReadWriteCreateCloseOnExec = 0x2 | 0x40 | 0x80000; // O_RDWR | O_CREAT | O_CLOEXEC
    private const int LockExclusiveNonBlocking = 2 | 4;          // LOCK_EX | LOCK_NB

    /// <summary>Opens <paramref name="path"/> (creating a regular file with mode 0644, or read-only for a directory); errno on failure.</summary>
    public static unsafe int TryOpen(string path, bool directory, out SafeFileHandle handle)
    {
        byte[] encoded = NativeFileReader.Encode(path);
        int fd;
        do
        {
            fixed (byte* p = encoded)
            {
                fd = Open(p, directory ? ReadOnlyCloseOnExec : ReadWriteCreateCloseOnExec, 0x1A4);
            }
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        if (fd < 0)
        {
            handle = new SafeFileHandle();
            return Marshal.GetLastPInvokeError();
        }

        handle = new SafeFileHandle(fd, ownsHandle: true);
        return 0;
    }

    /// <summary>Takes the exclusive lock without waiting: 0, <see cref="Errno.EAGAIN"/> when another open file holds it, or another errno.</summary>
    public static int TryLock(SafeFileHandle handle)
    {
        int result;
        do
        {
            result = Flock((int)handle.DangerousGetHandle(), LockExclusiveNonBlocking);
        }
        while (result != 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        return result == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Replaces the file's content with <paramref name="text"/>; errno on failure (a full disk, say).</summary>
    public static unsafe int TryReplaceContent(SafeFileHandle handle, string text)
    {
        int fd = (int)handle.DangerousGetHandle();
        if (FTruncate(fd, 0) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* b = bytes)
        {
            return PWrite(fd, b, (nuint)bytes.Length, 0) == bytes.Length ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int Open(byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    // off_t is pointer-sized for ftruncate/pwrite on both 32- and 64-bit glibc/musl, hence nint.
    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int FTruncate(int fd, nint length);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static unsafe partial nint PWrite(int fd, byte* buffer, nuint count, nint offset);
}
