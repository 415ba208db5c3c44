using PiTune.Core.Platform;
using PiTune.Core.Thermal;

namespace PiTune.Core.Tests.Thermal;

public sealed class FirmwareStatusTests
{
    [Fact]
    public void Ox50005_is_under_voltage_and_throttled_now_and_since_boot()
    {
        var s = new FirmwareStatus((ThrottleFlags)0x50005);
        Assert.True(s.UnderVoltageNow);
        Assert.True(s.ThrottledNow);
        Assert.True(s.UnderVoltageOccurred);
        Assert.False(s.SoftLimitNow);
        Assert.Equal("under-voltage, throttled now; since boot: under-voltage, throttled", s.Describe());
    }

    [Fact]
    public void Ox50000_is_nothing_now_but_under_voltage_and_throttling_since_boot()
    {
        var s = new FirmwareStatus((ThrottleFlags)0x50000);
        Assert.False(s.UnderVoltageNow);
        Assert.False(s.LimitingNow);
        Assert.True(s.UnderVoltageOccurred);
        Assert.Equal("nothing now; since boot: under-voltage, throttled", s.Describe());
    }

    [Fact]
    public void Ox0_is_a_healthy_supply_and_a_cool_chip()
    {
        var s = new FirmwareStatus(ThrottleFlags.None);
        Assert.False(s.UnderVoltageNow || s.UnderVoltageOccurred || s.LimitingNow);
        Assert.Equal("none", s.Describe());
    }

    [Fact]
    public void Ox80008_is_the_soft_temperature_limit()
    {
        var s = new FirmwareStatus((ThrottleFlags)0x80008);
        Assert.True(s.SoftLimitNow);
        Assert.True(s.LimitingNow);
        Assert.False(s.UnderVoltageNow);
    }
}
