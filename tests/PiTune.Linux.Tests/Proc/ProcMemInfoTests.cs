using PiTune.Core.Platform;
using PiTune.Linux.Proc;
using PiTune.Linux.Tests.Support;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Proc;

public sealed class ProcMemInfoTests
{
    [Fact]
    public void Kilobytes_become_bytes()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/meminfo", Pi5Layout.MemInfo(8_245_520, 7_600_000, 102_396, 2_396));

        ReadResult<MemInfo> result = new ProcMemInfo(root.Files).Read();

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(new MemInfo(8_245_520L * 1024, 7_600_000L * 1024, 102_396L * 1024, 2_396L * 1024), result.Value);
    }

    [Fact]
    public void Swap_fields_are_optional_and_default_to_zero()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/meminfo", "MemTotal: 1000 kB\nMemFree: 10 kB\nMemAvailable: 500 kB\nHugePages_Total:       0\n");

        Assert.Equal(new MemInfo(1000 * 1024, 500 * 1024, 0, 0), new ProcMemInfo(root.Files).Read().Value);
    }

    [Theory]
    [InlineData("MemFree: 10 kB\nMemAvailable: 500 kB\n", "expected a MemTotal line, found none")]
    [InlineData("MemTotal: 1000 kB\n", "expected a MemAvailable line, found none")]
    [InlineData("MemTotal: lots kB\nMemAvailable: 500 kB\n", "'MemTotal': expected a size in kB, found 'lots'")]
    [InlineData("MemTotal: 1000 MB\nMemAvailable: 500 kB\n", "'MemTotal': expected '<n> kB', found '1000 MB'")]
    [InlineData("MemTotal: 1000\nMemAvailable: 500 kB\n", "'MemTotal': expected '<n> kB', found '1000'")]
    [InlineData("MemTotal: 1000 kB\nMemAvailable: 500 kB\nSwapFree: -1 kB\n", "'SwapFree': expected a size in kB, found '-1'")]
    [InlineData("MemTotal: 99999999999999999999 kB\nMemAvailable: 500 kB\n", "'MemTotal': integer out of range, found '99999999999999999999'")]
    public void Missing_or_malformed_required_fields_are_garbage(string text, string detail)
    {
        using TempRoot root = TempRoot.Empty().Write("proc/meminfo", text);

        ReadResult<MemInfo> result = new ProcMemInfo(root.Files).Read();

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("proc/meminfo", result.Path);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void Empty_and_missing_files_say_so()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/meminfo", "\n");

        Assert.Equal(ReadStatus.Empty, new ProcMemInfo(root.Files).Read().Status);
        root.Delete("proc/meminfo");
        Assert.Equal(ReadStatus.Missing, new ProcMemInfo(root.Files).Read().Status);
    }
}
