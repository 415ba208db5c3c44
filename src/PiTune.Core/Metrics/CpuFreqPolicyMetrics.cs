using PiTune.Core.Units;

namespace PiTune.Core.Metrics;

/// <summary>One cpufreq policy in a snapshot. Null fields were not readable this tick.</summary>
/// <param name="Name">The policy directory, e.g. <c>policy0</c>.</param>
/// <param name="Governor"><c>scaling_governor</c>.</param>
/// <param name="CurrentFrequency"><c>scaling_cur_freq</c>.</param>
/// <param name="MaxFrequency"><c>scaling_max_freq</c>: the ceiling in force (the thermal cap when one is held).</param>
/// <param name="TimePerGovernor">Time this policy has spent under each governor since PiTune started (counters).</param>
public readonly record struct CpuFreqPolicyMetrics(
    string Name,
    string? Governor,
    KiloHertz? CurrentFrequency,
    KiloHertz? MaxFrequency,
    ReadOnlyMemory<GovernorTime> TimePerGovernor);
