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

    private const string Chip = "sys/class/pwm/pwmchip0";
    private const string Channel = Chip + "/pwm1";
    private const string Line = "sys/class/gpio/gpio589";

    /// <summary>What the kernel does on export and unexport: the child appears inside the write, and goes.</summary>
    private void EmulateExports(string child, params (string Name, string Value)[] attributes)
    {
        _bed.Files.BeforeWrite = path =>
        {
            if (path.EndsWith("/export", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(_bed.FullPath(child));
                foreach ((string name, string value) in attributes)
                {
                    File.WriteAllText(_bed.FullPath(child + "/" + name), value);
                }
            }
            else if (path.EndsWith("/unexport", StringComparison.Ordinal))
            {
                Directory.Delete(_bed.FullPath(child), recursive: true);
            }
        };
    }

    private void PwmChip()
    {
        Directory.CreateDirectory(_bed.FullPath(Chip));
        File.WriteAllText(_bed.FullPath(Chip + "/export"), "");
        File.WriteAllText(_bed.FullPath(Chip + "/unexport"), "");
        File.WriteAllText(_bed.FullPath(Chip + "/npwm"), "2\n");
    }

    private void GpioController()
    {
        Directory.CreateDirectory(_bed.FullPath("sys/class/gpio/gpiochip571"));
        File.WriteAllText(_bed.FullPath("sys/class/gpio/export"), "");
        File.WriteAllText(_bed.FullPath("sys/class/gpio/unexport"), "");
        File.WriteAllText(_bed.FullPath("sys/class/gpio/gpiochip571/label"), "pinctrl-rp1\n");
        File.WriteAllText(_bed.FullPath("sys/class/gpio/gpiochip571/base"), "571\n");
        File.WriteAllText(_bed.FullPath("sys/class/gpio/gpiochip571/ngpio"), "54\n");
    }

    [Fact]
    public void The_PWM_fan_exports_its_channel_sets_period_and_duty_in_nanoseconds_and_unexports_it_as_found()
    {
        PwmChip();
        // A channel that comes up running (a value already in a file is not written again, so each differs here).
        EmulateExports(Channel, ("period", "50000\n"), ("duty_cycle", "20000\n"), ("polarity", "inversed\n"), ("enable", "1\n"));
        (LinuxMachine machine, TuningLedger ledger) = Open();
        FanSelection selection = FanFactory.Create(new FanOptions { Kind = FanKind.Pwm, PwmChannel = 1 }, machine, ledger, _bed.Files);
        var fan = Assert.IsType<PwmFan>(selection.Fan);

        Assert.True(fan.Prepare().IsOk);
        Assert.True(fan.Exported);
        Assert.True(fan.SetDuty(DutyCycle.FromPercent(65)).IsOk);
        Assert.Equal("40000", _bed.Text(Channel + "/period").Trim()); // 25 kHz
        Assert.Equal("26000", _bed.Text(Channel + "/duty_cycle").Trim());
        Assert.Equal("normal", _bed.Text(Channel + "/polarity").Trim());
        Assert.Equal("1", _bed.Text(Channel + "/enable").Trim());

        // The duty goes to 0 before any period is written: the kernel refuses a period below the duty in force.
        Assert.Equal(
            [Chip + "/export", Channel + "/duty_cycle", Channel + "/period", Channel + "/enable", Channel + "/polarity", Channel + "/enable", Channel + "/duty_cycle"],
            _bed.Files.Writes);

        fan.Dispose();
        Assert.False(Directory.Exists(_bed.FullPath(Channel)));
        Assert.Equal(Chip + "/unexport", _bed.Files.Writes[^1]);
        Assert.Empty(ledger.Entries);
    }

    [Fact]
    public void A_PWM_channel_found_exported_is_driven_and_left_exported_with_every_attribute_as_it_was()
    {
        PwmChip();
        Directory.CreateDirectory(_bed.FullPath(Channel));
        (string Name, string Value)[] found = [("period", "1000000\n"), ("duty_cycle", "300000\n"), ("polarity", "normal\n"), ("enable", "1\n")];
        foreach ((string name, string value) in found)
        {
            File.WriteAllText(_bed.FullPath(Channel + "/" + name), value);
        }

        (LinuxMachine machine, TuningLedger ledger) = Open();
        using (var fan = new PwmFan(_bed.Files, ledger, 0, 1, 25_000))
        {
            Assert.True(fan.Prepare().IsOk);
            Assert.False(fan.Exported);
            Assert.True(fan.SetDuty(DutyCycle.Full).IsOk);
            Assert.Equal("40000", _bed.Text(Channel + "/duty_cycle").Trim());
        }

        foreach ((string name, string value) in found)
        {
            Assert.Equal(value, _bed.Text(Channel + "/" + name));
        }

        Assert.DoesNotContain(Chip + "/export", _bed.Files.Writes);
        Assert.DoesNotContain(Chip + "/unexport", _bed.Files.Writes);
    }

    [Fact]
    public void A_missing_PWM_chip_names_the_overlay_that_makes_one()
    {
        (LinuxMachine machine, TuningLedger ledger) = Open();
        FanSelection pwm = FanFactory.Create(new FanOptions { Kind = FanKind.Pwm, PwmChip = 2 }, machine, ledger, _bed.Files);

        Assert.Null(pwm.Fan);
        Assert.Contains("no /sys/class/pwm/pwmchip2 (found none)", pwm.Problem, StringComparison.Ordinal);
        Assert.Contains("dtoverlay=pwm,pin=18,func=2", pwm.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "low", "1")]
    [InlineData(true, "high", "0")]
    public void The_GPIO_fan_exports_the_header_pin_from_the_controllers_base_switches_it_and_gives_it_back(bool activeLow, string off, string on)
    {
        GpioController();
        EmulateExports(Line, ("direction", "in\n"), ("value", "0\n"));
        (LinuxMachine machine, TuningLedger ledger) = Open();
        FanSelection selection = FanFactory.Create(new FanOptions { Kind = FanKind.Gpio, GpioPin = 18, GpioActiveLow = activeLow }, machine, ledger, _bed.Files);
        var fan = Assert.IsType<GpioFan>(selection.Fan);

        Assert.True(fan.Prepare().IsOk);
        Assert.Equal(off, _bed.Text(Line + "/direction").Trim()); // an output, at the off level in the same write
        Assert.True(fan.SetDuty(DutyCycle.FromPercent(30)).IsOk);
        Assert.Equal(on, _bed.Text(Line + "/value").Trim());
        Assert.Equal(DutyCycle.Full, fan.Quantize(DutyCycle.FromPercent(30)));

        fan.Dispose();
        Assert.False(Directory.Exists(_bed.FullPath(Line)));
        Assert.Equal("sys/class/gpio/unexport", _bed.Files.Writes[^1]);
        Assert.Empty(ledger.Entries);
    }

    [Fact]
    public void A_busy_GPIO_pin_says_who_may_hold_it_and_what_to_do()
    {
        GpioController();
        (LinuxMachine machine, TuningLedger ledger) = Open();
        using var fan = new GpioFan(new BusyExport(_bed.Files), ledger, 18, 589, activeLow: false);

        WriteResult result = fan.Prepare();

        Assert.False(result.IsOk);
        Assert.Contains("GPIO 18 is busy", result.Describe(), StringComparison.Ordinal);
        Assert.Contains("gpioinfo", result.Describe(), StringComparison.Ordinal);
        Assert.Contains("Fan:GpioPin", result.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, "no GPIO controller: neither /sys/class/gpio")]
    [InlineData(true, false, "no GPIO sysfs interface (/sys/class/gpio: CONFIG_GPIO_SYSFS is off), only /dev/gpiochip0")]
    [InlineData(true, true, "no Raspberry Pi header GPIO controller under /sys/class/gpio (looked for pinctrl-rp1, pinctrl-bcm2711, pinctrl-bcm2835; found gpiochip512 gpio-brcmstb@107d508500)")]
    public void A_GPIO_fan_without_a_usable_controller_names_what_is_missing(bool chardev, bool sysfs, string expected)
    {
        if (chardev)
        {
            Directory.CreateDirectory(_bed.FullPath("dev"));
            File.WriteAllText(_bed.FullPath("dev/gpiochip0"), "");
        }

        if (sysfs)
        {
            Directory.CreateDirectory(_bed.FullPath("sys/class/gpio/gpiochip512"));
            File.WriteAllText(_bed.FullPath("sys/class/gpio/export"), "");
            File.WriteAllText(_bed.FullPath("sys/class/gpio/gpiochip512/label"), "gpio-brcmstb@107d508500\n");
        }

        (LinuxMachine machine, TuningLedger ledger) = Open();
        FanSelection gpio = FanFactory.Create(new FanOptions { Kind = FanKind.Gpio }, machine, ledger, _bed.Files);

        Assert.Null(gpio.Fan);
        Assert.Contains(expected, gpio.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_GPIO_pin_beyond_the_controller_is_refused_by_name()
    {
        GpioController();
        (LinuxMachine machine, TuningLedger ledger) = Open();
        FanSelection gpio = FanFactory.Create(new FanOptions { Kind = FanKind.Gpio, GpioPin = 60 }, machine, ledger, _bed.Files);

        Assert.Null(gpio.Fan);
        Assert.Contains("Fan:GpioPin 60 is beyond pinctrl-rp1's 54 lines", gpio.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_finds_the_Pi5_pwmfan_and_None_finds_nothing()
    {
        (LinuxMachine machine, TuningLedger ledger) = Open();

        FanSelection auto = FanFactory.Create(new FanOptions(), machine, ledger, _bed.Files);
        FanSelection none = FanFactory.Create(new FanOptions { Kind = FanKind.None }, machine, ledger, _bed.Files);

        Assert.IsType<HwmonFan>(auto.Fan);
        Assert.Null(none.Fan);
    }

    [Fact]
    public void On_an_empty_machine_Auto_says_what_it_looked_for()
    {
        using var root = Support.TempRoot.Empty();
        var machine = LinuxMachine.Discover(root.Files);
        FanSelection auto = FanFactory.Create(new FanOptions(), machine, _bed.Open(), root.Files);

        Assert.Null(auto.Fan);
        Assert.Contains("no pwmfan hwmon device", auto.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _bed.Dispose();
}
