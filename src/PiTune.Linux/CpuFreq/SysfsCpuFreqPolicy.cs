using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.CpuFreq;

/// <summary>A cpufreq policy directory. Paths are built once here; the per-tick reads allocate nothing.</summary>
internal sealed class SysfsCpuFreqPolicy : ICpuFreqPolicy
{
    private readonly ISysFiles _files;
    private readonly CachedWord _governor = new();
    private readonly string _availableGovernorsPath;
    private readonly string _availableFrequenciesPath;
    private readonly string _currentPath;
    private readonly string _cpuInfoMinPath;
    private readonly string _cpuInfoMaxPath;

    public SysfsCpuFreqPolicy(ISysFiles files, string name, IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(cpus);
        _files = files;
        Name = name;
        Cpus = cpus;
        string dir = SysPaths.Policy(name);
        Governor = new Tunable($"{dir}/scaling_governor");
        MinFrequency = new Tunable($"{dir}/scaling_min_freq");
        MaxFrequency = new Tunable($"{dir}/scaling_max_freq");
        _availableGovernorsPath = $"{dir}/scaling_available_governors";
        _availableFrequenciesPath = $"{dir}/scaling_available_frequencies";
        _currentPath = $"{dir}/scaling_cur_freq";
        _cpuInfoMinPath = $"{dir}/cpuinfo_min_freq";
        _cpuInfoMaxPath = $"{dir}/cpuinfo_max_freq";
    }

    public string Name { get; }

    public IReadOnlyList<int> Cpus { get; }

    public Tunable Governor { get; }

    public Tunable MinFrequency { get; }

    public Tunable MaxFrequency { get; }

    public ReadResult<string> ReadGovernor() => _governor.Read(_files, Governor.RelativePath);

    public ReadResult<IReadOnlyList<string>> ReadAvailableGovernors() =>
        SysRead.Whole(_files, _availableGovernorsPath, SysfsParse.Words);

    public ReadResult<IReadOnlyList<KiloHertz>> ReadAvailableFrequencies() =>
        SysRead.Whole(_files, _availableFrequenciesPath, SysfsParse.KiloHertzList);

    public ReadResult<KiloHertz> ReadScalingMin() => SysRead.Small(_files, MinFrequency.RelativePath, SysfsParse.KiloHertz);

    public ReadResult<KiloHertz> ReadScalingMax() => SysRead.Small(_files, MaxFrequency.RelativePath, SysfsParse.KiloHertz);

    public ReadResult<KiloHertz> ReadCurrent() => SysRead.Small(_files, _currentPath, SysfsParse.KiloHertz);

    public ReadResult<KiloHertz> ReadCpuInfoMin() => SysRead.Small(_files, _cpuInfoMinPath, SysfsParse.KiloHertz);

    public ReadResult<KiloHertz> ReadCpuInfoMax() => SysRead.Small(_files, _cpuInfoMaxPath, SysfsParse.KiloHertz);

    public override string ToString() => Name;
}
