using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Core.Units;

namespace PiTune.Linux.Fan;

/// <summary>A hwmon fan: <c>pwm1</c> 0–255 written through the ledger, <c>fan1_input</c> RPM when there is a tachometer.</summary>
public sealed class HwmonFan(IHwmonDevice device, ITuningLedger ledger) : IFan
{
    private const int Channel = 1;

    // hwmon ABI: pwmN_enable 0 = no control (fan at full or off), 1 = manual; pwm-fan's 2 and 3 are manual too.
    private const int ControlDisabled = 0;

    private readonly IHwmonDevice _device = device ?? throw new ArgumentNullException(nameof(device));
    private readonly ITuningLedger _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));

    public string Description => $"{_device.Id} ({_device.Name}) pwm{Channel}";

    public bool KernelDriven => true;

    public bool HasTachometer => _device.HasTachometer;

    public WriteResult Prepare()
    {
        ReadResult<int> enable = _device.ReadPwmEnable(Channel);
        return enable.IsOk && enable.Value == ControlDisabled
            ? _ledger.Write(_device.PwmEnable(Channel), "1")
            : WriteResult.Ok(_device.PwmEnable(Channel).RelativePath);
    }

    public WriteResult SetDuty(DutyCycle duty) =>
        _ledger.Write(_device.Pwm(Channel), duty.ToPwm().ToString(CultureInfo.InvariantCulture));

    public DutyCycle Quantize(DutyCycle duty) => DutyCycle.FromPwm(duty.ToPwm());

    public ReadResult<int> ReadRpm() => _device.HasTachometer
        ? _device.ReadFanRpm(Channel)
        : ReadResult<int>.Fail(ReadStatus.Missing, $"{SysPaths.HwmonDevice(_device.Id)}/fan{Channel}_input", "no tachometer");

    public void Dispose()
    {
        // The ledger puts pwm1 (and pwm1_enable) back; nothing is held open.
    }
}
