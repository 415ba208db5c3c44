using PiTune.Core.Platform;
using PiTune.Linux.Tests.Support;
using PiTune.Linux.Thermal;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Thermal;

public sealed class SysfsCoolingDeviceTests
{
    [Fact]
    public void The_fan_states_are_read()
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.FanCoolingDevice + "/cur_state", "2\n");
        var device = new SysfsCoolingDevice(root.Files, "cooling_device0", "pwm-fan");

        Assert.Equal(2, device.ReadCurrentState().Value);
        Assert.Equal(4, device.ReadMaxState().Value);
        Assert.Equal("sys/class/thermal/cooling_device0/cur_state", device.CurrentState.RelativePath);
    }

    [Theory]
    [InlineData("-1\n", ReadStatus.Garbage)]
    [InlineData("two\n", ReadStatus.Garbage)]
    [InlineData("", ReadStatus.Empty)]
    public void A_bad_state_is_reported(string content, ReadStatus status)
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.FanCoolingDevice + "/max_state", content);

        ReadResult<int> result = new SysfsCoolingDevice(root.Files, "cooling_device0", "pwm-fan").ReadMaxState();

        Assert.Equal(status, result.Status);
        Assert.Equal("sys/class/thermal/cooling_device0/max_state", result.Path);
    }
}
