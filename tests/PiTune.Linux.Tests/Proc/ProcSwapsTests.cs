using PiTune.Core.Platform;
using PiTune.Linux.Parsing;
using PiTune.Linux.Proc;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests.Proc;

public sealed class ProcSwapsTests
{
    [Fact]
    public void A_file_a_partition_and_zram_are_listed_in_bytes()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/swaps", """
            Filename				Type		Size		Used		Priority
            /var/swap                               file		102396		1024		-2
            /dev/sda2                               partition	2097148		0		-3
            /dev/zram0                              partition	4042732		51200		100

            """);

        ReadResult<IReadOnlyList<SwapEntry>> result = new ProcSwaps(root.Files).Read();

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(
            [
                new SwapEntry("/var/swap", "file", 102396L * 1024, 1024L * 1024, -2),
                new SwapEntry("/dev/sda2", "partition", 2097148L * 1024, 0, -3),
                new SwapEntry("/dev/zram0", "partition", 4042732L * 1024, 51200L * 1024, 100),
            ],
            result.Value);
    }

    [Fact]
    public void Octal_escapes_in_a_filename_are_decoded()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/swaps",
            "Filename Type Size Used Priority\n/mnt/my\\040swap\\011file\\134x file 100 0 -2\n");

        Assert.Equal("/mnt/my swap\tfile\\x", new ProcSwaps(root.Files).Read().Value![0].Filename);
    }

    [Fact]
    public void Only_the_header_means_no_swap()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");

        ReadResult<IReadOnlyList<SwapEntry>> result = new ProcSwaps(root.Files).Read();

        Assert.True(result.IsOk, result.ToString());
        Assert.Empty(result.Value);
    }

    [Theory]
    [InlineData("/var/swap file 100 0\n", "expected 'filename type size used priority', found '/var/swap file 100 0'")]
    [InlineData("/var/swap file 100 0 -2 extra\n", "expected 'filename type size used priority', found '/var/swap file 100 0 -2 extra'")]
    [InlineData("/var/swap file big 0 -2\n", "size of /var/swap: expected a size in kB, found 'big'")]
    [InlineData("/var/swap file 100 -5 -2\n", "used of /var/swap: expected a size in kB, found '-5'")]
    [InlineData("/var/swap file 100 0 high\n", "priority of /var/swap: expected an integer, found 'high'")]
    [InlineData("/var/s\\04 file 100 0 -2\n", "expected octal escapes such as \\040 in the filename, found '/var/s\\04'")]
    [InlineData("/var/s\\09x file 100 0 -2\n", "expected octal escapes such as \\040 in the filename, found '/var/s\\09x'")]
    public void Malformed_lines_are_garbage(string line, string detail)
    {
        using TempRoot root = TempRoot.Empty().Write("proc/swaps", "Filename Type Size Used Priority\n" + line);

        ReadResult<IReadOnlyList<SwapEntry>> result = new ProcSwaps(root.Files).Read();

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("proc/swaps", result.Path);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void Empty_and_missing_files_say_so()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/swaps", "");

        Assert.Equal(ReadStatus.Empty, new ProcSwaps(root.Files).Read().Status);
        root.Delete("proc/swaps");
        Assert.Equal(ReadStatus.Missing, new ProcSwaps(root.Files).Read().Status);
    }

    [Fact]
    public void A_backslash_escape_above_a_byte_is_refused() => Assert.Null(SwapsParse.Unescape("a\\777"u8));
}
