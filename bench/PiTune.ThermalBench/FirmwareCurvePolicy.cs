using PiTune.Core.Units;

namespace PiTune.ThermalBench;

/// <summary>The stock Pi 5: the kernel's step_wise governor on the firmware's trips drives the fan; nothing caps the clock.</summary>
internal sealed class FirmwareCurvePolicy : IThermalPolicy
{
    public string Name => "Pi 5 firmware curve (kernel step_wise)";

    public void Start(Rig rig)
    {
    }

    public void Tick(Rig rig, TimeSpan at, Celsius zoneTemperature)
    {
    }
}
