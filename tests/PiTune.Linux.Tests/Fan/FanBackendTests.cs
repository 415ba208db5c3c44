using System.Device.Gpio;
using PiTune.Core.Platform;
using PiTune.Core.Thermal;
using PiTune.Core.Units;
using PiTune.Linux.Fan;
using PiTune.Linux.Tests.Tuning;
using PiTune.Linux.Tuning;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Fan;

public sealed class FanBackendTests : IDisposable
{
    private const string PwmEnable = Pi5Layout.FanHwmon + "/pwm1_enable";
    private const string CurState = Pi5Layout.FanCoolingDevice + "/cur_state";
    private readonly LedgerTestBed _bed = new();

    private (LinuxMachine Machine, TuningLedger Ledger) Open() => (LinuxMachine.Discover(_bed.Files), _bed.Open());

    private static FanHardware NoHardware => new(
        () => throw new PlatformNotSupportedException("no GPIO here"),
        (_, _, _) => throw new IOException("no pwmchip here"));

    [Fact]
    public void The_hwmon_fan_writes_pwm1_through_the_ledger_and_reads_its_tachometer()
    {
        (LinuxMachine machine, TuningLedger ledger) = Open();
        File.WriteAllText(_bed.FullPath(Pi5Layout.FanHwmon + "/fan1_input"), "2480\n");
        using var fan = new HwmonFan(machine.FanHwmon!, ledger);

        Assert.True(fan.Prepare().IsOk);
        Assert.True(fan.SetDuty(DutyCycle.FromPercent(50)).IsOk);

        Assert.Equal("128", _bed.Text(LedgerTestBed.FanPwm).Trim());
        Assert.Equal("2", _bed.Text(PwmEnable).Trim()); // pwm-fan's mode 2 is manual already: left alone
        Assert.Equal(2480, fan.ReadRpm().Value);
        Assert.Contains(ledger.Entries, e => e.RelativePath == LedgerTestBed.FanPwm && e.OriginalValue == "0");
        ledger.RestoreAll();
        Assert.Equal("0", _bed.Text(LedgerTestBed.FanPwm).Trim());
    }

    [Fact]
    public void A_hwmon_fan_with_control_disabled_is_switched_to_manual_and_back_on_restore()
    {
        File.WriteAllText(_bed.FullPath(PwmEnable), "0\n");
        (LinuxMachine machine, TuningLedger ledger) = Open();
        using var fan = new HwmonFan(machine.FanHwmon!, ledger);

        Assert.True(fan.Prepare().IsOk);
        Assert.Equal("1", _bed.Text(PwmEnable).Trim());
        ledger.RestoreAll();
        Assert.Equal("0", _bed.Text(PwmEnable).Trim());
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(30, "1")]
    [InlineData(50, "2")]
    [InlineData(70, "3")]
    [InlineData(100, "4")]
    public void The_cooling_device_fan_sets_the_nearest_state(double percent, string state)
    {
        (LinuxMachine machine, TuningLedger ledger) = Open();
        using var fan = new CoolingDeviceFan(machine.FanCoolingDevice!, ledger);

        Assert.True(fan.Prepare().IsOk);
        Assert.True(fan.SetDuty(DutyCycle.FromPercent(percent)).IsOk);
        Assert.Equal(state, _bed.Text(CurState).Trim());
        Assert.False(fan.ReadRpm().IsOk);
    }

    [Fact]
    public void The_GPIO_fan_switches_its_pin_on_for_any_duty_and_off_at_zero_active_high()
    {
        var driver = new FakeGpioDriver();
        using (var fan = new GpioFan(new GpioController(driver), 18, activeLow: false))
        {
            Assert.True(fan.Prepare().IsOk);
            Assert.Contains(18, driver.OpenPins);
            Assert.Equal(PinValue.Low, driver.ValueOf(18));

            fan.SetDuty(DutyCycle.FromPercent(30));
            Assert.Equal(PinValue.High, driver.ValueOf(18));
            Assert.Equal(DutyCycle.Full, fan.Quantize(DutyCycle.FromPercent(30)));

            fan.SetDuty(DutyCycle.Off);
            Assert.Equal(PinValue.Low, driver.ValueOf(18));
        }

        Assert.True(driver.Disposed);
    }

    [Fact]
    public void An_active_low_GPIO_fan_is_on_when_its_pin_is_low()
    {
        var driver = new FakeGpioDriver();
        using var fan = new GpioFan(new GpioController(driver), 4, activeLow: true);

        fan.Prepare();
        Assert.Equal(PinValue.High, driver.ValueOf(4)); // opened off
        fan.SetDuty(DutyCycle.Full);
        Assert.Equal(PinValue.Low, driver.ValueOf(4));
    }

    [Fact]
    public void A_GPIO_pin_the_driver_does_not_have_is_a_write_failure_not_a_crash()
    {
        using var fan = new GpioFan(new GpioController(new FakeGpioDriver()), 99, activeLow: false);
        WriteResult result = fan.Prepare();
        Assert.False(result.IsOk);
        Assert.Contains("GPIO 99", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_PWM_fan_starts_its_channel_and_sets_the_duty_fraction()
    {
        var channel = new FakePwmChannel();
        using (var fan = new PwmFan(channel, "pwmchip0 channel 1"))
        {
            Assert.True(fan.Prepare().IsOk);
            Assert.True(channel.Running);
            Assert.True(fan.SetDuty(DutyCycle.FromPercent(65)).IsOk);
            Assert.Equal(0.65, channel.DutyCycle, 6);

            channel.FailWrites = true;
            WriteResult failed = fan.SetDuty(DutyCycle.Full);
            Assert.Equal(ReadStatus.IoError, failed.Status);
            Assert.Contains("EIO", failed.Describe(), StringComparison.Ordinal);
        }

        Assert.True(channel.Disposed);
    }

    [Fact]
    public void Auto_finds_the_Pi5_pwmfan_and_None_finds_nothing()
    {
        (LinuxMachine machine, TuningLedger ledger) = Open();

        FanSelection auto = FanFactory.Create(new FanOptions(), machine, ledger, NoHardware);
        FanSelection none = FanFactory.Create(new FanOptions { Kind = FanKind.None }, machine, ledger, NoHardware);

        Assert.IsType<HwmonFan>(auto.Fan);
        Assert.Null(none.Fan);
    }

    [Fact]
    public void A_GPIO_or_PWM_fan_that_cannot_be_opened_is_a_reason_not_an_exception()
    {
        (LinuxMachine machine, TuningLedger ledger) = Open();

        FanSelection gpio = FanFactory.Create(new FanOptions { Kind = FanKind.Gpio }, machine, ledger, NoHardware);
        FanSelection pwm = FanFactory.Create(new FanOptions { Kind = FanKind.Pwm, PwmChip = 2 }, machine, ledger, NoHardware);

        Assert.Null(gpio.Fan);
        Assert.Contains("no GPIO here", gpio.Problem, StringComparison.Ordinal);
        Assert.Null(pwm.Fan);
        Assert.Contains("pwmchip2", pwm.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void On_an_empty_machine_Auto_says_what_it_looked_for()
    {
        using var root = Support.TempRoot.Empty();
        var machine = LinuxMachine.Discover(root.Files);
        FanSelection auto = FanFactory.Create(new FanOptions(), machine, _bed.Open(), NoHardware);

        Assert.Null(auto.Fan);
        Assert.Contains("no pwmfan hwmon device", auto.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _bed.Dispose();
}
