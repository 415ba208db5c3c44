using PiTune.Core.Platform;
using PiTune.Core.Thermal;
using PiTune.Core.Units;
using PiTune.Linux.Fan;

namespace PiTune.ThermalBench;

/// <summary>PiTune's defaults: the zone taken over, <see cref="FanPolicy"/> on the fan, <see cref="ThrottlePolicy"/>'s cap as the ceiling.</summary>
internal sealed class PiTunePolicy(FanOptions fan, ThermalOptions thermal, string name) : IThermalPolicy
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FanCurve _curve = FanCurve.From(fan);
    private FanState _fan = FanState.Initial(DutyCycle.Off);
    private ThrottleState _throttle = ThrottleState.Initial;
    private DutyCycle? _written;

    public string Name => name;

    public void Start(Rig rig)
    {
        ZoneTakeover.TakeOver(rig.Machine.CpuZone!, rig.Files, rig.Ledger);
        _fan = FanState.Initial(DutyCycle.FromPwm(rig.Sim.FanPwm));
    }

    public void Tick(Rig rig, TimeSpan at, Celsius zoneTemperature)
    {
        DateTimeOffset now = Epoch + at;
        // The tachometer as the daemon sees it: fan1_input through the hwmon backend (the sampler reads the same file).
        ReadResult<int> rpm = rig.Fan.ReadRpm();
        (FanDecision f, _fan) = FanPolicy.Decide(now, zoneTemperature, rpm.IsOk ? rpm.Value : null, _curve, fan, _fan);
        DutyCycle duty = rig.Fan.Quantize(f.Duty);
        if (_written != duty)
        {
            rig.Fan.SetDuty(duty);
            _written = duty;
        }

        if (thermal.Throttle)
        {
            (ThrottleDecision t, _throttle) = ThrottlePolicy.Decide(
                new ThrottleInput(now, zoneTemperature, rig.Frequencies, new Celsius(thermal.LimitC), thermal.RecoveryMarginC), _throttle);
            rig.SetCeiling(t.Cap);
        }
    }
}
