using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Globalization;

namespace PiTune.Linux.Files;

/// <summary>
/// <c>statx(2)</c> from libc: what a path is (a socket, a directory, …) and which inode it is. statx rather than
/// stat because <c>struct statx</c> has one layout on every architecture, where <c>struct stat</c> has several.
/// </summary>
internal static partial class NativeStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;

    // struct statx (include/uapi/linux/stat.h): 256 bytes, fixed offsets.
    private const int StructSize = 256;
    private const int ModeOffset = 28;
    private const int InoOffset = 32;
    private const int DevMajorOffset = 136;
    private const int DevMinorOffset = 140;

    /// <summary>The file's type bits (<c>S_IFMT</c> of st_mode), device and inode; errno when it cannot be looked at.</summary>
    public static unsafe int TryStat(string path, bool followLinks, out Identity identity)
    {
        byte[] encoded = NativeFileReader.Encode(path);
        Span<byte> buffer = stackalloc byte[StructSize];
        int result;
        fixed (byte* p = encoded)
        fixed (byte* b = buffer)
        {
            result = Statx(AtFdCwd, p, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxIno, b);
        }

        if (result != 0)
        {
            identity = default;
            return Marshal.GetLastPInvokeError();
        }

        identity = new Identity(
            BinaryPrimitives.ReadUInt16LittleEndian(buffer[ModeOffset..]) & 0xF000,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[DevMajorOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[DevMinorOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[InoOffset..]));
        return 0;
    }

    /// <summary>A file's type and where it lives; <see cref="LocksKey"/> is how <c>/proc/locks</c> names it.</summary>
    public readonly record struct Identity(int Type, uint DevMajor, uint DevMinor, ulong Inode)
    {
        public const int Socket = 0xC000;
        public const int Link = 0xA000;
        public const int Regular = 0x8000;
        public const int Block = 0x6000;
        public const int Directory = 0x4000;
        public const int Character = 0x2000;
        public const int Fifo = 0x1000;

        /// <summary>fs/locks.c prints the inode as <c>%02x:%02x:%lu</c> (major, minor, inode).</summary>
        public string LocksKey => string.Create(CultureInfo.InvariantCulture, $"{DevMajor:x2}:{DevMinor:x2}:{Inode}");
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int dirFd, byte* path, int flags, uint mask, byte* buffer);
}
