using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Core.Units;
using PiTune.Linux.Files;

namespace PiTune.Linux.Fan;

/// <summary>
/// A fan on a hardware PWM channel, driven through the kernel's PWM sysfs ABI under the root
/// (Documentation/ABI/testing/sysfs-class-pwm): <c>pwmchipN/export</c> creates <c>pwmM</c>, whose <c>period</c> and
/// <c>duty_cycle</c> (nanoseconds, duty never above period), <c>polarity</c> and <c>enable</c> are written through the
/// ledger. On dispose every attribute goes back to what it was and a channel PiTune exported is unexported, so the
/// channel is left as found; under <c>--root</c> or <c>--simulate</c> nothing outside the tree is touched.
/// </summary>
public sealed class PwmFan : IFan
{
    private const long NanosecondsPerSecond = 1_000_000_000;
    private const string NormalPolarity = "normal";

    private readonly ISysFiles _files;
    private readonly ITuningLedger _ledger;
    private readonly SysfsExport _export;
    private readonly long _periodNs;
    private readonly Tunable _period;
    private readonly Tunable _duty;
    private readonly Tunable _polarity;
    private readonly Tunable _enable;

    public PwmFan(ISysFiles files, ITuningLedger ledger, int chip, int channel, int frequencyHz)
    {
        _files = files ?? throw new ArgumentNullException(nameof(files));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequencyHz);
        string chipPath = SysPaths.PwmChip(chip);
        string channelPath = string.Create(CultureInfo.InvariantCulture, $"{chipPath}/pwm{channel}");
        _export = new SysfsExport(files, chipPath, channel, channelPath);
        _periodNs = NanosecondsPerSecond / frequencyHz;
        _period = new Tunable(channelPath + "/period");
        _duty = new Tunable(channelPath + "/duty_cycle");
        _polarity = new Tunable(channelPath + "/polarity");
        _enable = new Tunable(channelPath + "/enable");
        Description = string.Create(CultureInfo.InvariantCulture, $"pwmchip{chip}/pwm{channel} at {frequencyHz} Hz");
    }

    public string Description { get; }

    /// <summary>Whether PiTune exported the channel itself (and will unexport it).</summary>
    public bool Exported => _export.Exported;

    public bool KernelDriven => false;

    public bool HasTachometer => false;

    public WriteResult Prepare()
    {
        WriteResult step = _export.Acquire();

        // Duty first: the kernel refuses a period shorter than the duty in force, and 0 fits under any period.
        // Polarity can only change while the channel is off on most controllers, so off it goes first when it must change.
        if (step.IsOk)
        {
            step = _ledger.Write(_duty, "0");
        }

        if (step.IsOk)
        {
            step = _ledger.Write(_period, _periodNs.ToString(CultureInfo.InvariantCulture));
        }

        if (step.IsOk && _files.ReadText(_polarity.RelativePath) is { IsOk: true } polarity && polarity.Value.Trim() != NormalPolarity)
        {
            step = _ledger.Write(_enable, "0");
            if (step.IsOk)
            {
                step = _ledger.Write(_polarity, NormalPolarity);
            }
        }

        if (step.IsOk)
        {
            step = _ledger.Write(_enable, "1");
        }

        return step;
    }

    public WriteResult SetDuty(DutyCycle duty) =>
        _ledger.Write(_duty, DutyNs(duty).ToString(CultureInfo.InvariantCulture));

    public DutyCycle Quantize(DutyCycle duty) => new((double)DutyNs(duty) / _periodNs);

    public ReadResult<int> ReadRpm() => ReadResult<int>.Fail(ReadStatus.Missing, Description, "a PWM channel has no tachometer");

    public void Dispose()
    {
        // Duty to 0 before the period goes back: an original period shorter than the duty in force would be refused.
        if (_ledger.Entries.Any(e => e.RelativePath == _duty.RelativePath))
        {
            _ledger.Write(_duty, "0");
        }

        // Newest first, as the ledger would, but the duty last; restore failures are the ledger's to log.
        _ledger.Restore(_enable);
        _ledger.Restore(_polarity);
        _ledger.Restore(_period);
        _ledger.Restore(_duty);
        _export.Release();
    }

    private long DutyNs(DutyCycle duty) => (long)Math.Round(duty.Fraction * _periodNs, MidpointRounding.AwayFromZero);
}
