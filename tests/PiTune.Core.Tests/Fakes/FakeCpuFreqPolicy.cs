using PiTune.Core.Platform;
using PiTune.Core.Units;

namespace PiTune.Core.Tests.Fakes;

/// <summary>An in-memory cpufreq policy; set the fields, or a failure status to make reads fail.</summary>
internal sealed class FakeCpuFreqPolicy : ICpuFreqPolicy
{
    public string Name { get; init; } = "policy0";
    public IReadOnlyList<int> Cpus { get; init; } = [0, 1, 2, 3];
    public Tunable Governor => new($"sys/devices/system/cpu/cpufreq/{Name}/scaling_governor");
    public Tunable MinFrequency => new($"sys/devices/system/cpu/cpufreq/{Name}/scaling_min_freq");
    public Tunable MaxFrequency => new($"sys/devices/system/cpu/cpufreq/{Name}/scaling_max_freq");
    public string GovernorValue { get; set; } = "ondemand";
    public IReadOnlyList<string> Available { get; set; } = ["ondemand", "performance", "powersave", "schedutil"];
    public KiloHertz Current { get; set; } = new(1_500_000);
    public KiloHertz ScalingMax { get; set; } = new(2_400_000);
    public ReadStatus FailWith { get; set; } = ReadStatus.Ok;

    private ReadResult<T> R<T>(T value, string file) =>
        FailWith == ReadStatus.Ok ? ReadResult<T>.Ok(value) : ReadResult<T>.Fail(FailWith, $"{Name}/{file}", "fake");

    public ReadResult<string> ReadGovernor() => R(GovernorValue, "scaling_governor");
    public ReadResult<IReadOnlyList<string>> ReadAvailableGovernors() => R(Available, "scaling_available_governors");
    public ReadResult<IReadOnlyList<KiloHertz>> ReadAvailableFrequencies() => R<IReadOnlyList<KiloHertz>>([new(1_500_000), new(2_400_000)], "scaling_available_frequencies");
    public ReadResult<KiloHertz> ReadScalingMin() => R(new KiloHertz(1_500_000), "scaling_min_freq");
    public ReadResult<KiloHertz> ReadScalingMax() => R(ScalingMax, "scaling_max_freq");
    public ReadResult<KiloHertz> ReadCurrent() => R(Current, "scaling_cur_freq");
    public ReadResult<KiloHertz> ReadCpuInfoMin() => R(new KiloHertz(1_500_000), "cpuinfo_min_freq");
    public ReadResult<KiloHertz> ReadCpuInfoMax() => R(new KiloHertz(2_400_000), "cpuinfo_max_freq");
}
