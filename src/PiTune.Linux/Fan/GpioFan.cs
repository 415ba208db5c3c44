using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Core.Units;
using PiTune.Linux.Files;

namespace PiTune.Linux.Fan;

/// <summary>
/// An on/off fan switched by a GPIO pin (Pimoroni Fan SHIM style), through the kernel's GPIO sysfs ABI under the root
/// (Documentation/ABI/obsolete/sysfs-gpio): the line is exported from <c>/sys/class/gpio</c>, made an output with
/// <c>direction</c> <c>low</c>/<c>high</c> (no glitch to the other level) and switched by <c>value</c>, both through the
/// ledger. On dispose both go back and a line PiTune exported is unexported. sysfs rather than libgpiod's
/// <c>/dev/gpiochipN</c>: a path under the root, like every other file PiTune touches, so <c>--root</c> and
/// <c>--simulate</c> never reach a real pin, and no native library has to be installed. Any duty above 0 is on.
/// </summary>
public sealed class GpioFan : IFan
{
    private readonly ITuningLedger _ledger;
    private readonly bool _activeLow;
    private readonly SysfsExport _export;
    private readonly Tunable _direction;
    private readonly Tunable _value;

    /// <param name="line">The kernel's number for the pin (<see cref="GpioLines.Locate"/>).</param>
    public GpioFan(ISysFiles files, ITuningLedger ledger, int pin, int line, bool activeLow)
    {
        ArgumentNullException.ThrowIfNull(files);
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _activeLow = activeLow;
        string linePath = string.Create(CultureInfo.InvariantCulture, $"{SysPaths.Gpio}/gpio{line}");
        _export = new SysfsExport(files, SysPaths.Gpio, line, linePath);
        _direction = new Tunable(linePath + "/direction");
        _value = new Tunable(linePath + "/value");
        Description = string.Create(CultureInfo.InvariantCulture, $"GPIO {pin} (gpio{line}, active {(activeLow ? "low" : "high")})");
        Pin = pin;
    }

    public int Pin { get; }

    public string Description { get; }

    public bool KernelDriven => false;

    public bool HasTachometer => false;

    public WriteResult Prepare()
    {
        WriteResult export = _export.Acquire();
        if (!export.IsOk)
        {
            return export.Detail is { } detail && detail.StartsWith("busy", StringComparison.Ordinal)
                ? export with
                {
                    Detail = string.Create(CultureInfo.InvariantCulture,
                        $"GPIO {Pin} is busy: a driver holds it (a dtoverlay on the pin: pwm, pwm-fan, gpio-fan, an I2S or SPI overlay) or another program through /dev/gpiochipN (`gpioinfo` names the consumer, `pinctrl get {Pin}` the function); free it or set Fan:GpioPin"),
                }
                : export;
        }

        // Off, as an output: "low"/"high" set the direction and the level in one write.
        return _ledger.Write(_direction, Level(on: false) ? "high" : "low");
    }

    public WriteResult SetDuty(DutyCycle duty) => _ledger.Write(_value, Level(duty.Fraction > 0) ? "1" : "0");

    public DutyCycle Quantize(DutyCycle duty) => duty.Fraction > 0 ? DutyCycle.Full : DutyCycle.Off;

    public ReadResult<int> ReadRpm() => ReadResult<int>.Fail(ReadStatus.Missing, Description, "an on/off GPIO fan has no tachometer");

    public void Dispose()
    {
        // Value first, then direction (an input again, as found); restore failures are the ledger's to log.
        _ledger.Restore(_value);
        _ledger.Restore(_direction);
        _export.Release();
    }

    private bool Level(bool on) => on != _activeLow;
}
