using PiTune.Core.Units;

namespace PiTune.Core.Metrics;

/// <summary>CPU part of a snapshot. Null fields were not readable this tick.</summary>
public readonly record struct CpuMetrics(
    double? UsagePercent,
    ReadOnlyMemory<double> PerCorePercent,
    KiloHertz? CurrentFrequency,
    KiloHertz? MaxFrequency,
    string? Governor,
    /// <summary>The frequency cap the thermal job asks for; null when it holds none.</summary>
    KiloHertz? ThermalCap,
    double? PressureSomeAvg10)
{
    /// <summary>
    /// Every cpufreq policy (a Pi 5 has one, other boards several): governor, frequencies and time spent per
    /// governor. Filled by the governor job's contributor; empty without it.
    /// </summary>
    public ReadOnlyMemory<CpuFreqPolicyMetrics> Policies { get; init; }
}
