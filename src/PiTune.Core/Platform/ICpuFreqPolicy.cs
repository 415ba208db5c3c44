using PiTune.Core.Units;

namespace PiTune.Core.Platform;

/// <summary>One cpufreq policy (<c>/sys/devices/system/cpu/cpufreq/policyN</c>): a set of CPUs sharing a clock.</summary>
public interface ICpuFreqPolicy
{
    /// <summary>The directory name, e.g. <c>policy0</c>.</summary>
    string Name { get; }

    /// <summary>The CPUs in this policy (<c>affected_cpus</c>), read at discovery.</summary>
    IReadOnlyList<int> Cpus { get; }

    Tunable Governor { get; }

    Tunable MinFrequency { get; }

    Tunable MaxFrequency { get; }

    ReadResult<string> ReadGovernor();

    ReadResult<IReadOnlyList<string>> ReadAvailableGovernors();

    /// <summary><c>scaling_available_frequencies</c>, ascending. Missing on some drivers (e.g. intel_pstate).</summary>
    ReadResult<IReadOnlyList<KiloHertz>> ReadAvailableFrequencies();

    ReadResult<KiloHertz> ReadScalingMin();

    ReadResult<KiloHertz> ReadScalingMax();

    /// <summary><c>scaling_cur_freq</c>: on a Pi, the frequency requested of the firmware.</summary>
    ReadResult<KiloHertz> ReadCurrent();

    ReadResult<KiloHertz> ReadCpuInfoMin();

    ReadResult<KiloHertz> ReadCpuInfoMax();
}
