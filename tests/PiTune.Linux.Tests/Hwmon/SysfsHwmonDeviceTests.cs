using PiTune.Core.Platform;
using PiTune.Linux.Hwmon;
using PiTune.Linux.Tests.Support;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Hwmon;

public sealed class SysfsHwmonDeviceTests
{
    [Fact]
    public void The_fan_pwm_and_tachometer_are_read_per_channel()
    {
        using TempRoot root = TempRoot.Pi5()
            .Write(Pi5Layout.FanHwmon + "/pwm1", "125\n")
            .Write(Pi5Layout.FanHwmon + "/fan1_input", "3012\n");
        var fan = new SysfsHwmonDevice(root.Files, "hwmon2", "pwmfan", hasPwm: true, hasTachometer: true);

        Assert.Equal(125, fan.ReadPwm(1).Value);
        Assert.Equal(2, fan.ReadPwmEnable(1).Value);
        Assert.Equal(3012, fan.ReadFanRpm(1).Value);
        Assert.Equal("sys/class/hwmon/hwmon2/pwm1", fan.Pwm(1).RelativePath);
        Assert.Equal("sys/class/hwmon/hwmon2/pwm1_enable", fan.PwmEnable(1).RelativePath);
        Assert.Equal("sys/class/hwmon/hwmon2/pwm12", fan.Pwm(12).RelativePath);
    }

    [Theory]
    [InlineData("fan1_input", "30001\n", "implausible: 30001 rpm is above the 30000 rpm a fan reaches")]
    [InlineData("fan1_input", "2147483647\n", "implausible: 2147483647 rpm is above the 30000 rpm a fan reaches")]
    [InlineData("pwm1", "256\n", "implausible: pwm 256 is outside 0 to 255")]
    public void A_fan_reading_no_fan_can_give_is_a_fault(string file, string content, string detail)
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.FanHwmon + "/" + file, content);
        var fan = new SysfsHwmonDevice(root.Files, "hwmon2", "pwmfan", hasPwm: true, hasTachometer: true);

        ReadResult<int> result = file == "pwm1" ? fan.ReadPwm(1) : fan.ReadFanRpm(1);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal($"sys/class/hwmon/hwmon2/{file}: garbage ({detail})", result.Describe());
    }

    [Fact]
    public void The_fan_bounds_themselves_are_readings()
    {
        using TempRoot root = TempRoot.Pi5()
            .Write(Pi5Layout.FanHwmon + "/pwm1", "255\n")
            .Write(Pi5Layout.FanHwmon + "/fan1_input", "30000\n");
        var fan = new SysfsHwmonDevice(root.Files, "hwmon2", "pwmfan", hasPwm: true, hasTachometer: true);

        Assert.Equal(255, fan.ReadPwm(1).Value);
        Assert.Equal(30000, fan.ReadFanRpm(1).Value);
    }

    [Fact]
    public void A_channel_below_one_is_a_bug()
    {
        using TempRoot root = TempRoot.Empty();
        var fan = new SysfsHwmonDevice(root.Files, "hwmon2", "pwmfan", hasPwm: true, hasTachometer: false);

        Assert.Throws<ArgumentOutOfRangeException>(() => fan.ReadPwm(0));
    }

    [Fact]
    public void A_channel_that_does_not_exist_is_missing()
    {
        using TempRoot root = TempRoot.Pi5();
        var fan = new SysfsHwmonDevice(root.Files, "hwmon2", "pwmfan", hasPwm: true, hasTachometer: true);

        ReadResult<int> result = fan.ReadPwm(2);

        Assert.Equal(ReadStatus.Missing, result.Status);
        Assert.Equal("sys/class/hwmon/hwmon2/pwm2", result.Path);
    }

    [Theory]
    [InlineData("0\n", false)]
    [InlineData("1\n", true)]
    public void The_under_voltage_alarm_is_a_flag(string content, bool expected)
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.VoltHwmon + "/in0_lcrit_alarm", content);

        Assert.Equal(expected, new SysfsHwmonDevice(root.Files, "hwmon1", "rpi_volt", false, false).ReadLowCriticalAlarm().Value);
    }

    [Fact]
    public void A_garbled_alarm_is_garbage_with_its_path()
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.VoltHwmon + "/in0_lcrit_alarm", "maybe\n");

        ReadResult<bool> result = new SysfsHwmonDevice(root.Files, "hwmon1", "rpi_volt", false, false).ReadLowCriticalAlarm();

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("sys/class/hwmon/hwmon1/in0_lcrit_alarm", result.Path);
        Assert.Equal("expected 0 or 1, found 'maybe'", result.Detail);
        Assert.Equal("sys/class/hwmon/hwmon1/in0_lcrit_alarm: garbage (expected 0 or 1, found 'maybe')", result.Describe());
    }
}
