using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Thermal;

/// <summary>What the thermal job last decided, as the contributor adds it to the next snapshot.</summary>
internal sealed record ThermalReport(
    KiloHertz? Cap,
    ThermalState State,
    Celsius SoftLimit,
    bool FanFailed,
    bool SensorFault,
    long ThrottleEpisodes,
    bool FanControlled,
    DutyCycle? CommandedDuty);
