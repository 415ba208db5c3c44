using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Core.Units;

namespace PiTune.Linux.Fan;

/// <summary>A thermal cooling device used as a fan: the duty becomes <c>cur_state</c> 0..<c>max_state</c> (nearest state).</summary>
public sealed class CoolingDeviceFan(ICoolingDevice device, ITuningLedger ledger) : IFan
{
    private readonly ICoolingDevice _device = device ?? throw new ArgumentNullException(nameof(device));
    private readonly ITuningLedger _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
    private int _maxState;

    public string Description => $"{_device.Name} ({_device.Type}) cur_state";

    public bool KernelDriven => true;

    public bool HasTachometer => false;

    public WriteResult Prepare()
    {
        ReadResult<int> max = _device.ReadMaxState();
        if (!max.IsOk || max.Value < 1)
        {
            return new WriteResult(max.IsOk ? ReadStatus.Garbage : max.Status, max.Path ?? _device.Name + "/max_state",
                max.IsOk ? "max_state is 0: the device has no levels to set" : max.Detail);
        }

        _maxState = max.Value;
        return WriteResult.Ok(max.Path);
    }

    public WriteResult SetDuty(DutyCycle duty) =>
        _ledger.Write(_device.CurrentState, State(duty).ToString(CultureInfo.InvariantCulture));

    public DutyCycle Quantize(DutyCycle duty) => _maxState < 1 ? duty : new DutyCycle((double)State(duty) / _maxState);

    public ReadResult<int> ReadRpm() => ReadResult<int>.Fail(ReadStatus.Missing, _device.Name, "a cooling device has no tachometer");

    public void Dispose()
    {
        // The ledger puts cur_state back.
    }

    private int State(DutyCycle duty) => (int)Math.Round(duty.Fraction * _maxState, MidpointRounding.AwayFromZero);
}
