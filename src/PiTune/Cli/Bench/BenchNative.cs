using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PiTune.Cli.Bench;

/// <summary>The two libc calls a bench region needs that .NET has no API for: a path's group (statx) and fchown.</summary>
internal static partial class BenchNative
{
    private const int AtFdCwd = -100;
    private const uint StatxGid = 0x10;
    private const int StructSize = 256; // struct statx, one layout on every architecture
    private const int GidOffset = 24;

    /// <summary>The group owning <paramref name="path"/> (the socket: the daemon reads a region through its group).</summary>
    public static unsafe bool TryGroupOf(string path, out uint gid)
    {
        byte[] encoded = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, encoded);
        Span<byte> buffer = stackalloc byte[StructSize];
        int result;
        fixed (byte* p = encoded)
        fixed (byte* b = buffer)
        {
            result = Statx(AtFdCwd, p, 0, StatxGid, b);
        }

        gid = result == 0 ? MemoryMarshal.Read<uint>(buffer[GidOffset..]) : 0;
        return result == 0;
    }

    /// <summary>Gives the open file the group <paramref name="gid"/> (the owner stays); errno on failure.</summary>
    public static int TrySetGroup(SafeFileHandle handle, uint gid)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return FChown((int)handle.DangerousGetHandle(), uint.MaxValue, gid) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int dirFd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static partial int FChown(int fd, uint uid, uint gid);
}
