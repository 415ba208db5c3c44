using PiTune.Core.Units;

namespace PiTune.Core.Governor;

/// <summary>
/// What the governor policy decides from, for one cpufreq policy.
/// </summary>
/// <param name="Now">The decision time.</param>
/// <param name="InferenceActive">The batcher's signal, or null when no batcher runs (then CPU usage decides).</param>
/// <param name="CpuUsagePercent">This tick's CPU usage, used only when <paramref name="InferenceActive"/> is null; null when it is not a new tick.</param>
/// <param name="AvailableGovernors">The policy's <c>scaling_available_governors</c>.</param>
/// <param name="CpuInfoMax">The policy's <c>cpuinfo_max_freq</c>.</param>
/// <param name="ThermalCap">The thermal job's cap from the bus, if it holds one.</param>
/// <param name="CpuInfoMin">The policy's <c>cpuinfo_min_freq</c>, when known: the kernel clamps a lower ceiling up to it.</param>
public sealed record GovernorInput(
    DateTimeOffset Now,
    bool? InferenceActive,
    double? CpuUsagePercent,
    IReadOnlyList<string> AvailableGovernors,
    KiloHertz CpuInfoMax,
    KiloHertz? ThermalCap,
    KiloHertz? CpuInfoMin = null);
