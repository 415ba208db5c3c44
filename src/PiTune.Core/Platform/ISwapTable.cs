namespace PiTune.Core.Platform;

/// <summary><c>/proc/swaps</c>.</summary>
public interface ISwapTable
{
    ReadResult<IReadOnlyList<SwapEntry>> Read();
}
