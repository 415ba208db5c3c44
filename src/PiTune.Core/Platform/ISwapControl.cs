namespace PiTune.Core.Platform;

/// <summary>
/// Turns swap areas off and on: <c>swapoff(2)</c>/<c>swapon(2)</c> on a real machine, an edit of
/// <c>{root}/proc/swaps</c> under any other root. Calls block (a swapoff can take seconds): never call from a loop
/// that must keep time.
/// </summary>
public interface ISwapControl
{
    /// <summary>True when this only edits a folder tree and never calls the kernel.</summary>
    bool IsSimulated { get; }

    SwapCallResult SwapOff(string filename);

    /// <summary>Turns the area on with the entry's priority (a negative, kernel-assigned one is left to the kernel again).</summary>
    SwapCallResult SwapOn(SwapEntry entry);
}
