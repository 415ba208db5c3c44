using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Proc;

/// <summary><c>/proc/swaps</c>: swap files, partitions and zram devices in use.</summary>
internal sealed class ProcSwaps(ISysFiles files) : ISwapTable
{
    private readonly ISysFiles _files = files ?? throw new ArgumentNullException(nameof(files));

    public ReadResult<IReadOnlyList<SwapEntry>> Read() => SysRead.Whole(_files, SysPaths.Swaps, SwapsParse.Parse);
}
