using PiTune.Core.Units;
using PiTune.Linux.Fan;

namespace PiTune.ThermalBench;

/// <summary>
/// The guide's ThermalManager: every 5 s, above the limit the fan goes up and the system is "optimized for idle"
/// (the lowest clock); below limit − 10 the fan goes down. The guide never lifts its throttle; here it is lifted with the
/// fan, which is kinder to it than the original.
/// </summary>
internal sealed class GuideOnOffPolicy(double limitC) : IThermalPolicy
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    public string Name => "guide on/off (75/65 °C)";

    public void Start(Rig rig)
    {
        ZoneTakeover.TakeOver(rig.Machine.CpuZone!, rig.Files, rig.Ledger);
        rig.Fan.SetDuty(DutyCycle.Off);
    }

    public void Tick(Rig rig, TimeSpan at, Celsius zoneTemperature)
    {
        if (at.Ticks % Period.Ticks != 0)
        {
            return;
        }

        if (zoneTemperature.Value > limitC)
        {
            rig.Fan.SetDuty(DutyCycle.Full);
            rig.SetCeiling(rig.Frequencies[0]);
        }
        else if (zoneTemperature.Value < limitC - 10)
        {
            rig.Fan.SetDuty(DutyCycle.Off);
            rig.SetCeiling(null);
        }
    }
}
