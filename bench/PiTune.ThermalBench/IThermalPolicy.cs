using PiTune.Core.Units;

namespace PiTune.ThermalBench;

/// <summary>One way of running fan and frequency ceiling, stepped once per simulated second.</summary>
internal interface IThermalPolicy
{
    string Name { get; }

    /// <summary>Takes what the policy needs from the kernel (zone policy, governor) through the ledger.</summary>
    void Start(Rig rig);

    /// <summary>One second: the zone's reading in, fan and cap out through the ledger.</summary>
    void Tick(Rig rig, TimeSpan at, Celsius zoneTemperature);
}
