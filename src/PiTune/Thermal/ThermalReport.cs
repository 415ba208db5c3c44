using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Thermal;

/// <summary>What the thermal job last decided, as the contributor adds it to the next snapshot.</summary>
/// <param name="FanDevice">The fan <c>Fan:Kind</c> chose (driven or observed), or null.</param>
/// <param name="FanSampled">Whether the sampler's fan figures (hwmon first, else the cooling device) are that fan's.</param>
internal sealed record ThermalReport(
    KiloHertz? Cap,
    ThermalState State,
    Celsius SoftLimit,
    bool FanFailed,
    bool SensorFault,
    long ThrottleEpisodes,
    bool FanControlled,
    DutyCycle? CommandedDuty,
    string? FanDevice = null,
    bool FanSampled = true);
