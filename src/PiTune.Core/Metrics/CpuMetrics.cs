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
    double? PressureSomeAvg10);
