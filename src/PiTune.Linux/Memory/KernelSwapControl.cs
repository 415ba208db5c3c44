using System.Runtime.InteropServices;
using PiTune.Core.Platform;

namespace PiTune.Linux.Memory;

/// <summary>
/// <c>swapoff(2)</c> and <c>swapon(2)</c> straight from libc: no <c>sudo</c>, no shelling out. Only for the real root
/// (<c>/</c>), where the paths in <c>/proc/swaps</c> are the machine's own; needs CAP_SYS_ADMIN.
/// </summary>
public sealed partial class KernelSwapControl : ISwapControl
{
    // include/linux/swap.h: a priority in the low 15 bits is used only when SWAP_FLAG_PREFER is set.
    private const int SwapFlagPrefer = 0x8000;
    private const int SwapFlagPrioMask = 0x7fff;

    public bool IsSimulated => false;

    /// <summary>The flags for swapon(2): the preferred priority for 0–32767; 0 (the kernel assigns one) for a negative one.</summary>
    public static int Flags(int priority) => priority >= 0 ? SwapFlagPrefer | (Math.Min(priority, SwapFlagPrioMask) & SwapFlagPrioMask) : 0;

    public SwapCallResult SwapOff(string filename)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        return NativeSwapOff(filename) == 0 ? SwapCallResult.Ok : LastError();
    }

    public SwapCallResult SwapOn(SwapEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return NativeSwapOn(entry.Filename, Flags(entry.Priority)) == 0 ? SwapCallResult.Ok : LastError();
    }

    private static SwapCallResult LastError()
    {
        int errno = Marshal.GetLastPInvokeError();
        return new SwapCallResult(errno, Marshal.GetPInvokeErrorMessage(errno));
    }

    [LibraryImport("libc", EntryPoint = "swapoff", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeSwapOff(string path);

    [LibraryImport("libc", EntryPoint = "swapon", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeSwapOn(string path, int flags);
}
