using PiTune.Core.Platform;
using PiTune.Linux.Proc;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests.Proc;

public sealed class ProcPressureTests
{
    [Fact]
    public void Both_lines_are_read()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/pressure/memory",
            "some avg10=1.50 avg60=0.75 avg300=0.10 total=123456\nfull avg10=0.50 avg60=0.25 avg300=0.05 total=6543\n");

        ReadResult<PressureStall> result = new ProcPressure(root.Files).Read(PressureResource.Memory);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(new PressureStall(1.5, 0.75, 0.10, 123456, 0.5, 0.25, 0.05, 6543), result.Value);
    }

    [Fact]
    public void Without_the_full_line_its_fields_are_zero()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/pressure/cpu", "some avg10=2.00 avg60=1.00 avg300=0.50 total=99\n");

        ReadResult<PressureStall> result = new ProcPressure(root.Files).Read(PressureResource.Cpu);

        Assert.Equal(new PressureStall(2, 1, 0.5, 99, 0, 0, 0, 0), result.Value);
    }

    [Theory]
    [InlineData("full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", "expected a line starting 'some', found 'full avg10=0.00 avg60=0.00 avg300=0.00 total=0'")]
    [InlineData("some avg10=abc avg60=0.00 avg300=0.00 total=0\n", "expected avg10=<percent>, found 'abc'")]
    [InlineData("some avg60=0.00 avg10=0.00 avg300=0.00 total=0\n", "expected avg10=<percent>, found 'avg60=0.00'")]
    [InlineData("some avg10=0.00 avg60=0.00 avg300=-1.00 total=0\n", "expected avg300=<percent>, found '-1.00'")]
    [InlineData("some avg10=0.00 avg60=0.00 avg300=0.00\n", "expected total=<microseconds>, found 'some avg10=0.00 avg60=0.00 avg300=0.00'")]
    [InlineData("some avg10=0.00 avg60=0.00 avg300=0.00 total=0 more\n", "expected the line to end after total, found 'more'")]
    [InlineData("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=x avg60=0.00 avg300=0.00 total=0\n", "expected avg10=<percent>, found 'x'")]
    public void Malformed_lines_are_garbage(string text, string detail)
    {
        using TempRoot root = TempRoot.Empty().Write("proc/pressure/io", text);

        ReadResult<PressureStall> result = new ProcPressure(root.Files).Read(PressureResource.Io);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("proc/pressure/io", result.Path);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void Without_psi_the_files_are_missing_and_an_empty_one_is_empty()
    {
        using TempRoot root = TempRoot.Empty().Write("proc/pressure/cpu", "");
        var pressure = new ProcPressure(root.Files);

        Assert.Equal(ReadStatus.Empty, pressure.Read(PressureResource.Cpu).Status);
        ReadResult<PressureStall> missing = pressure.Read(PressureResource.Memory);
        Assert.Equal(ReadStatus.Missing, missing.Status);
        Assert.Equal("proc/pressure/memory", missing.Path);
    }
}
