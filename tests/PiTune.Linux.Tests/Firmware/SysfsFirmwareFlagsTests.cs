using PiTune.Core.Platform;
using PiTune.Linux.Firmware;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests.Firmware;

public sealed class SysfsFirmwareFlagsTests
{
    [Fact]
    public void The_hex_bit_field_decodes_to_flags()
    {
        using TempRoot root = TempRoot.Pi5().Write(SysPaths.GetThrottled, "50005\n");

        ReadResult<ThrottleFlags> result = new SysfsFirmwareFlags(root.Files).ReadThrottled();

        Assert.Equal(
            ThrottleFlags.UnderVoltage | ThrottleFlags.Throttled | ThrottleFlags.UnderVoltageOccurred | ThrottleFlags.ThrottledOccurred,
            result.Value);
    }

    [Theory]
    [InlineData("0x50005\n", ReadStatus.Ok)]
    [InlineData("0\n", ReadStatus.Ok)]
    [InlineData("not hex\n", ReadStatus.Garbage)]
    [InlineData("", ReadStatus.Empty)]
    public void Each_kind_of_content_gives_its_status(string content, ReadStatus status)
    {
        using TempRoot root = TempRoot.Pi5().Write(SysPaths.GetThrottled, content);

        ReadResult<ThrottleFlags> result = new SysfsFirmwareFlags(root.Files).ReadThrottled();

        Assert.Equal(status, result.Status);
    }

    [Fact]
    public void A_missing_file_is_missing_and_named()
    {
        using TempRoot root = TempRoot.Empty();

        ReadResult<ThrottleFlags> result = new SysfsFirmwareFlags(root.Files).ReadThrottled();

        Assert.Equal(ReadStatus.Missing, result.Status);
        Assert.Equal("sys/devices/platform/soc/soc:firmware/get_throttled", result.Path);
    }
}
