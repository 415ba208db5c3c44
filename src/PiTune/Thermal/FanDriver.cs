using Microsoft.Extensions.Logging;
using PiTune.Core.Faults;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Thermal;

/// <summary>Drives one fan by <see cref="FanPolicy"/>: writes only when the duty changes, logs faults once.</summary>
internal sealed class FanDriver(IFan fan, TimeProvider time, ILogger logger)
{
    private const string WriteSource = "fan write";

    private readonly FaultTracker _faults = new(time);
    private FanState? _state;
    private DutyCycle? _written;
    private FanOptions? _curveOptions;
    private FanCurve? _curve;

    public IFan Fan => fan;

    /// <summary>The duty last written successfully.</summary>
    public DutyCycle? Commanded => _written;

    public bool SensorFault => _state?.SensorFault == true;

    public void Tick(DateTimeOffset now, in ThermalMetrics thermal, FanOptions options)
    {
        if (!ReferenceEquals(options, _curveOptions))
        {
            // A reload hands over a new options object; the curve is rebuilt once per change, not per tick.
            _curve = FanCurve.From(options);
            _curveOptions = options;
        }

        bool wasFaulty = SensorFault;
        FanState state = _state ?? FanState.Initial(thermal.FanDuty ?? DutyCycle.Off);
        int? rpm = fan.HasTachometer ? thermal.FanRpm : null;
        (FanDecision decision, FanState next) = FanPolicy.Decide(now, thermal.Temperature, rpm, _curve!, options, state);
        _state = next;

        if (next.SensorFault && !wasFaulty)
        {
            ThermalLog.SensorFault(logger, "no reading from the thermal zone this tick", decision.Duty.ToString());
        }
        else if (!next.SensorFault && wasFaulty && thermal.Temperature is { } t)
        {
            ThermalLog.SensorRecovered(logger, t.Value);
        }

        DutyCycle duty = fan.Quantize(decision.Duty);
        if (_written == duty)
        {
            return;
        }

        WriteResult result = fan.SetDuty(duty);
        switch (_faults.Observe(WriteSource, result.Status))
        {
            case FaultTransition.Failed:
            case FaultTransition.Absent:
                ThermalLog.FanWriteFailed(logger, fan.Description, result.Describe());
                break;
            case FaultTransition.StillFailing:
                ThermalLog.FanWriteStillFailing(logger, fan.Description, _faults.FailureCount(WriteSource), _faults.FailingFor(WriteSource));
                break;
            case FaultTransition.Recovered:
            case FaultTransition.Appeared:
                ThermalLog.FanWriteRecovered(logger, fan.Description);
                break;
        }

        if (result.IsOk)
        {
            _written = duty;
            ThermalLog.FanSet(logger, duty.ToString(), decision.Reason.ToString(), thermal.Temperature?.ToString() ?? "no temperature");
        }
    }
}
