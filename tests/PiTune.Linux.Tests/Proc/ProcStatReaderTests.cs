using System.Text;
using PiTune.Core.Platform;
using PiTune.Linux.Parsing;
using PiTune.Linux.Proc;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests.Proc;

public sealed class ProcStatReaderTests
{
    private const string Stat = """
        cpu  100 2 30 4000 5 6 7 8 9 10
        cpu0 10 1 3 1000 1 1 1 1 0 0
        cpu1 20 0 4 1000 1 2 2 2 0 0
        cpu2 30 1 10 1000 2 2 2 3 0 0
        cpu3 40 0 13 1000 1 1 2 2 9 10
        intr 12345 0 0 0
        ctxt 999
        btime 1732435200

        """;

    [Fact]
    public void The_aggregate_and_per_cpu_lines_are_read_into_ticks()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/stat", Stat);
        var perCpu = new CpuTimes[4];

        ReadResult<int> result = new ProcStatReader(root.Files).Read(out CpuTimes total, perCpu);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(4, result.Value);
        Assert.Equal(new CpuTimes(100, 2, 30, 4000, 5, 6, 7, 8), total);
        Assert.Equal(new CpuTimes(40, 0, 13, 1000, 1, 1, 2, 2), perCpu[3]);
    }

    [Fact]
    public void Cpus_beyond_the_span_are_counted_but_not_stored()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/stat", Stat);
        var perCpu = new CpuTimes[2];

        ReadResult<int> result = new ProcStatReader(root.Files).Read(out _, perCpu);

        Assert.Equal(4, result.Value);
        Assert.Equal(20ul, perCpu[1].User);
    }

    [Fact]
    public void An_offline_cpu_leaves_its_slot_zero_and_the_others_keep_their_index()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/stat", "cpu  1 1 1 1 1 1 1 1\ncpu0 1 1 1 1 1 1 1 1\ncpu2 5 5 5 5 5 5 5 5\nintr 0\n");
        var perCpu = new CpuTimes[3];

        ReadResult<int> result = new ProcStatReader(root.Files).Read(out _, perCpu, out int highest);

        Assert.Equal(2, result.Value);
        Assert.Equal(2, highest);
        Assert.Equal(default, perCpu[1]);
        Assert.Equal(5ul, perCpu[2].User);
    }

    [Fact]
    public void Kernels_with_only_eight_counters_are_accepted()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/stat", "cpu 1 2 3 4 5 6 7 8\ncpu0 1 2 3 4 5 6 7 8\n");

        Assert.Equal(1, new ProcStatReader(root.Files).Read(out _, new CpuTimes[1]).Value);
    }

    [Theory]
    [InlineData("cpu 1 2 3 4 5 6 7\n", "'cpu': expected at least 8 counters, found 7")]
    [InlineData("cpu 1 2 3 4 5 6 7 8\ncpu0 1 2 3 x 5 6 7 8\n", "'cpu0': expected a tick counter, found 'x'")]
    [InlineData("cpu 1 2 3 4 5 6 7 8 9 guest\n", "'cpu': expected a tick counter, found 'guest'")]
    [InlineData("cpu 1 2 3 4 5 6 7 8\ncpuX 1 2 3 4 5 6 7 8\n", "expected 'cpu' or 'cpuN', found 'cpuX'")]
    [InlineData("intr 1 2\n", "expected the 'cpu' line first, found 'intr 1 2'")]
    [InlineData("cpu0 1 2 3 4 5 6 7 8\n", "expected the 'cpu' line first, found 'cpu0'")]
    [InlineData("cpu 1 2 3 4 5 6 7 8\ncpu 1 2 3 4 5 6 7 8\n", "expected one 'cpu' line, found a second")]
    public void Malformed_cpu_lines_are_garbage_with_a_precise_detail(string text, string detail)
    {
        using TempRoot root = TempRoot.Empty().Write("proc/stat", text);

        ReadResult<int> result = new ProcStatReader(root.Files).Read(out _, new CpuTimes[4]);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("proc/stat", result.Path);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void An_empty_file_is_empty_and_a_missing_one_missing()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/stat", "");

        Assert.Equal(ReadStatus.Empty, new ProcStatReader(root.Files).Read(out _, []).Status);
        root.Delete("proc/stat");
        ReadResult<int> missing = new ProcStatReader(root.Files).Read(out _, []);
        Assert.Equal(ReadStatus.Missing, missing.Status);
        Assert.Equal("proc/stat", missing.Path);
    }

    [Fact]
    public void Cpu_lines_longer_than_the_first_buffer_are_read_whole()
    {
        // 300 CPUs of long counters do not fit 4 KiB: the reader must grow rather than report a truncation.
        var text = new StringBuilder("cpu  1 2 3 4 5 6 7 8 9 10\n");
        for (int i = 0; i < 300; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"cpu{i} 123456789 0 123456789 123456789 0 0 0 0 0 0\n");
        }

        text.Append("intr ").Append(string.Join(' ', Enumerable.Repeat("0", 5000))).Append('\n');
        using TempRoot root = TempRoot.Empty().Write("proc/stat", text.ToString());
        var perCpu = new CpuTimes[300];

        ReadResult<int> result = new ProcStatReader(root.Files).Read(out _, perCpu);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(300, result.Value);
        Assert.Equal(123456789ul, perCpu[299].User);
    }

    [Fact]
    public void A_directory_where_the_file_should_be_is_an_io_error()
    {
        using TempRoot root = TempRoot.Empty().MakeDirectory("proc/stat");

        Assert.Equal(ReadStatus.IoError, new ProcStatReader(root.Files).Read(out _, []).Status);
    }

    [Theory]
    [InlineData("cpu 1 2 3 4 5 6 7 8\ncpu0 1 2 3 4 5 6 7 8\n", true)]
    [InlineData("cpu 1 2 3 4 5 6 7 8\ncpu0 1 2 3", true)]
    [InlineData("cpu 1 2 3 4 5 6 7 8\ncp", true)]
    [InlineData("cpu 1 2 3 4 5 6 7 8\ncpu0 1 2 3 4 5 6 7 8\nintr 1 2", false)]
    public void A_buffer_that_ends_inside_the_cpu_lines_asks_for_more(string text, bool needMore)
    {
        ReadResult<int> result = ProcStatParse.Parse(
            System.Text.Encoding.ASCII.GetBytes(text), truncated: true, "proc/stat", out _, new CpuTimes[1], out _, out bool more);

        Assert.Equal(needMore, more);
        Assert.Equal(!needMore, result.IsOk);
    }
}
