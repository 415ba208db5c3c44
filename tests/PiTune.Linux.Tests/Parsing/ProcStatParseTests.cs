using System.Text;
using PiTune.Core.Platform;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Tests.Parsing;

public sealed class ProcStatParseTests
{
    private const string Path = "proc/stat";

    // Found by fuzzing (bench/fuzz, sysfs target): a repeated cpuN line was counted twice, so the sampler took the
    // count as "2 cores" and reported a per-core figure for a CPU that was never in the file.
    [Theory]
    [InlineData("cpu  2 0 0 2 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0\n", "expected the 'cpuN' lines in ascending order, found 'cpu0' after cpu0")]
    [InlineData("cpu  2 0 0 2 0 0 0 0\ncpu1 1 0 0 1 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0\n", "expected the 'cpuN' lines in ascending order, found 'cpu0' after cpu1")]
    public void A_repeated_or_out_of_order_cpu_line_is_garbage(string text, string detail)
    {
        ReadResult<int> result = ProcStatParse.Parse(Encoding.ASCII.GetBytes(text), truncated: false, Path, out _, new CpuTimes[4], out _, out bool needMore);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal(detail, result.Detail);
        Assert.False(needMore);
    }
}
