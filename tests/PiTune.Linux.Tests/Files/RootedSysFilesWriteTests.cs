using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests.Files;

/// <summary>A failed write says what errno said, in words; the faults a folder can produce even when tests run as root.</summary>
public sealed class RootedSysFilesWriteTests : IDisposable
{
    private readonly TempRoot _root = TempRoot.Empty();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_directory_where_an_attribute_should_be_is_said_to_be_a_directory_not_a_permission_problem()
    {
        _root.MakeDirectory("sys/x/scaling_governor");

        WriteResult result = _root.Files.WriteText("sys/x/scaling_governor", "performance");

        Assert.Equal(ReadStatus.IoError, result.Status);
        Assert.Equal("sys/x/scaling_governor: it is a directory, not a kernel attribute", result.Describe());
    }

    [Fact]
    public void A_missing_attribute_is_missing_and_is_not_created()
    {
        WriteResult result = _root.Files.WriteText("sys/x/scaling_governor", "performance");

        Assert.Equal(ReadStatus.Missing, result.Status);
        Assert.False(File.Exists(Path.Join(_root.Path, "sys/x/scaling_governor")));
    }

    [Fact]
    public void A_file_in_place_of_a_directory_is_missing_with_the_reason()
    {
        _root.Write("sys/x", "not a directory");

        WriteResult result = _root.Files.WriteText("sys/x/scaling_governor", "performance");

        Assert.Equal(ReadStatus.Missing, result.Status);
        Assert.Equal("a component of the path is not a directory", result.Detail);
    }

    [Fact]
    public void A_full_device_says_no_space_left()
    {
        Directory.CreateDirectory(Path.Join(_root.Path, "proc/sys/vm"));
        File.CreateSymbolicLink(Path.Join(_root.Path, "proc/sys/vm/swappiness"), "/dev/full");

        WriteResult result = _root.Files.WriteText("proc/sys/vm/swappiness", "10");

        Assert.Equal(ReadStatus.IoError, result.Status);
        Assert.Equal("proc/sys/vm/swappiness: no space left on device", result.Describe());
    }

    [Fact]
    public void A_write_replaces_the_whole_content()
    {
        _root.Write("proc/sys/vm/swappiness", "60\n");

        Assert.True(_root.Files.WriteText("proc/sys/vm/swappiness", "1").IsOk);

        Assert.Equal("1", File.ReadAllText(Path.Join(_root.Path, "proc/sys/vm/swappiness")));
    }

    [Fact]
    public void Reading_a_directory_says_it_is_a_directory()
    {
        _root.MakeDirectory("sys/x/temp");

        ReadResult<string> result = _root.Files.ReadText("sys/x/temp");

        Assert.Equal(ReadStatus.IoError, result.Status);
        Assert.Equal("sys/x/temp: it is a directory, not a kernel attribute", result.Describe());
    }

    // Errnos a folder cannot produce for root (who passes every permission check) and without mounting: the mapping itself.
    [Theory]
    [InlineData(13, ReadStatus.PermissionDenied, "t: permission denied (is PiTune running as root?)")]
    [InlineData(1, ReadStatus.PermissionDenied, "t: permission denied (is PiTune running as root?)")]
    [InlineData(30, ReadStatus.IoError, "t: read-only file system (a read-only mount, or a path outside the unit's ReadWritePaths)")]
    [InlineData(28, ReadStatus.IoError, "t: no space left on device")]
    [InlineData(21, ReadStatus.IoError, "t: it is a directory, not a kernel attribute")]
    [InlineData(2, ReadStatus.Missing, "t: missing")]
    [InlineData(5, ReadStatus.IoError, "t: Input/output error")]
    public void Each_errno_of_a_write_has_its_own_words(int errno, ReadStatus status, string described)
    {
        (ReadStatus actual, string detail) = Errno.Classify(errno, write: true);

        Assert.Equal(status, actual);
        Assert.Equal(described, new WriteResult(actual, "t", detail).Describe());
    }

    [Fact]
    public void EINVAL_is_the_kernel_refusing_a_value_on_write_and_an_IO_error_on_read()
    {
        Assert.Equal(ReadStatus.Garbage, Errno.Classify(22, write: true).Status);
        Assert.Equal(ReadStatus.IoError, Errno.Classify(22, write: false).Status);
    }
}
