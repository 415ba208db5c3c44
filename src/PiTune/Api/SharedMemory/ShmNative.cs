using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PiTune.Api.SharedMemory;

/// <summary>
/// The libc calls a shared-memory region needs: open(2) without following links, statx(2) on the held descriptor,
/// geteuid(2). Nothing above this file sees a file descriptor number.
/// </summary>
internal static partial class ShmNative
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENXIO = 6;
    public const int EACCES = 13;
    public const int EPERM = 1;
    public const int EISDIR = 21;
    public const int ELOOP = 40;

    private const int ReadWrite = 0x2;
    private const int NonBlocking = 0x800;  // a FIFO or device slipped into /dev/shm must not block the open
    private const int CloseOnExec = 0x80000;

    // O_NOFOLLOW differs by architecture: 0100000 (octal) on arm and arm64, the Pi's, 0400000 on x86 and the generic table.
    private static readonly int NoFollow =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 ? 0x8000 : 0x20000;

    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasic = 0x7FF;

    // struct statx (include/uapi/linux/stat.h): 256 bytes, one layout on every architecture.
    private const int StructSize = 256;
    private const int NlinkOffset = 16;
    private const int UidOffset = 20;
    private const int GidOffset = 24;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;

    /// <summary>Opens <paramref name="path"/> read-write, refusing a symbolic link as its last component (ELOOP); errno on failure.</summary>
    public static unsafe int TryOpen(string path, out SafeFileHandle handle)
    {
        byte[] encoded = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, encoded);
        int fd;
        do
        {
            fixed (byte* p = encoded)
            {
                fd = Open(p, ReadWrite | NonBlocking | CloseOnExec | NoFollow, 0);
            }
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);

        if (fd < 0)
        {
            handle = new SafeFileHandle();
            return Marshal.GetLastPInvokeError();
        }

        handle = new SafeFileHandle(fd, ownsHandle: true);
        return 0;
    }

    /// <summary>fstat of the held descriptor (statx with AT_EMPTY_PATH); errno on failure.</summary>
    public static unsafe int TryStat(SafeFileHandle handle, out ShmFileStat stat)
    {
        Span<byte> buffer = stackalloc byte[StructSize];
        bool added = false;
        int result;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* empty = "\0"u8)
            fixed (byte* b = buffer)
            {
                result = Statx((int)handle.DangerousGetHandle(), empty, AtEmptyPath, StatxBasic, b);
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed under us by an unregister: the same as the file being gone.
            stat = default;
            return ENOENT;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        if (result != 0)
        {
            stat = default;
            return Marshal.GetLastPInvokeError();
        }

        stat = new ShmFileStat(
            MemoryMarshal.Read<ushort>(buffer[ModeOffset..]),
            MemoryMarshal.Read<uint>(buffer[NlinkOffset..]),
            MemoryMarshal.Read<uint>(buffer[UidOffset..]),
            MemoryMarshal.Read<uint>(buffer[GidOffset..]),
            (long)MemoryMarshal.Read<ulong>(buffer[SizeOffset..]));
        return 0;
    }

    /// <summary>The daemon's effective uid.</summary>
    public static uint EffectiveUid() => GetEuid();

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int Open(byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int dirFd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
