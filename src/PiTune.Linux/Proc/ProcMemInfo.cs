using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Proc;

/// <summary><c>/proc/meminfo</c>, read into a pooled buffer (about 1.5 KB on a Pi).</summary>
internal sealed class ProcMemInfo(ISysFiles files) : IMemInfo
{
    private readonly ISysFiles _files = files ?? throw new ArgumentNullException(nameof(files));

    public ReadResult<MemInfo> Read() => SysRead.Whole(_files, SysPaths.MemInfo, MemInfoParse.Parse);
}
