using System.Runtime.InteropServices;

namespace PiTune.Api;

/// <summary>
/// Anonymous private mappings (<c>mmap(2)</c>) for request bodies: address space reserved without memory
/// behind it, committed as the body arrives, and given back to the kernel at <c>munmap</c> — at once, not at
/// the next full GC (managed arrays) and not kept in a heap arena or a per-core pool (malloc, ArrayPool.Shared).
/// </summary>
internal static unsafe partial class AnonymousMemory
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 1 | 2;

    // MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE: the same numbers on x86-64 and arm64 Linux.
    private const int MapFlags = 0x02 | 0x20 | 0x4000;

    public static int PageSize { get; } = Environment.SystemPageSize;

    /// <summary>Reserves <paramref name="length"/> bytes of address space; nothing may be touched until committed.</summary>
    public static byte* Reserve(long length)
    {
        nint address = Mmap(0, (nuint)length, ProtNone, MapFlags, -1, 0);
        if (address == -1)
        {
            throw new InsufficientMemoryException($"mmap of {length} bytes of address space failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        return (byte*)address;
    }

    /// <summary>Makes the first <paramref name="length"/> bytes (a multiple of the page size) readable and writable.</summary>
    public static void Commit(byte* address, long length)
    {
        if (Mprotect((nint)address, (nuint)length, ProtReadWrite) != 0)
        {
            throw new InsufficientMemoryException($"mprotect of {length} bytes failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    public static void Free(byte* address, long length)
    {
        if (Munmap((nint)address, (nuint)length) != 0)
        {
            throw new InvalidOperationException($"munmap of {length} bytes failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary><paramref name="bytes"/> rounded up to whole pages.</summary>
    public static long Pages(long bytes) => (bytes + PageSize - 1) / PageSize * PageSize;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint address, nuint length);
}
