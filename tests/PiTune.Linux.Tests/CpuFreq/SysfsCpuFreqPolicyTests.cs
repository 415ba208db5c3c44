using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Linux.CpuFreq;
using PiTune.Linux.Tests.Support;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.CpuFreq;

public sealed class SysfsCpuFreqPolicyTests
{
    private static SysfsCpuFreqPolicy Policy(TempRoot root) => new(root.Files, "policy0", [0, 1, 2, 3]);

    [Fact]
    public void A_pi5_policy_reads_its_frequencies_and_governors()
    {
        using TempRoot root = TempRoot.Pi5();
        SysfsCpuFreqPolicy policy = Policy(root);

        Assert.Equal("ondemand", policy.ReadGovernor().Value);
        Assert.Contains("schedutil", policy.ReadAvailableGovernors().Value!);
        Assert.Equal(Pi5Layout.FrequenciesKHz.Select(f => new KiloHertz(f)), policy.ReadAvailableFrequencies().Value!);
        Assert.Equal(new KiloHertz(1500000), policy.ReadScalingMin().Value);
        Assert.Equal(new KiloHertz(2400000), policy.ReadScalingMax().Value);
        Assert.Equal(new KiloHertz(1500000), policy.ReadCurrent().Value);
        Assert.Equal(new KiloHertz(1500000), policy.ReadCpuInfoMin().Value);
        Assert.Equal(new KiloHertz(2400000), policy.ReadCpuInfoMax().Value);
    }

    [Fact]
    public void Tunables_are_root_relative_paths()
    {
        using TempRoot root = TempRoot.Pi5();
        SysfsCpuFreqPolicy policy = Policy(root);

        Assert.Equal("sys/devices/system/cpu/cpufreq/policy0/scaling_governor", policy.Governor.RelativePath);
        Assert.Equal("sys/devices/system/cpu/cpufreq/policy0/scaling_min_freq", policy.MinFrequency.RelativePath);
        Assert.Equal("sys/devices/system/cpu/cpufreq/policy0/scaling_max_freq", policy.MaxFrequency.RelativePath);
    }

    [Fact]
    public void The_governor_string_is_reused_until_the_file_changes()
    {
        using TempRoot root = TempRoot.Pi5();
        SysfsCpuFreqPolicy policy = Policy(root);

        string first = policy.ReadGovernor().Value!;
        Assert.Same(first, policy.ReadGovernor().Value);

        root.Write(Pi5Layout.Policy + "/scaling_governor", "performance\n");
        Assert.Equal("performance", policy.ReadGovernor().Value);
    }

    [Theory]
    [InlineData("2.4GHz\n", ReadStatus.Garbage, "expected an integer, found '2.4GHz'")]
    [InlineData("", ReadStatus.Empty, null)]
    [InlineData("\n", ReadStatus.Empty, null)]
    public void A_bad_frequency_file_is_reported_with_its_path(string content, ReadStatus status, string? detail)
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.Policy + "/scaling_cur_freq", content);

        ReadResult<KiloHertz> result = Policy(root).ReadCurrent();

        Assert.Equal(status, result.Status);
        Assert.Equal("sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq", result.Path);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void A_driver_without_available_frequencies_reads_missing()
    {
        using TempRoot root = TempRoot.Pi5().Delete(Pi5Layout.Policy + "/scaling_available_frequencies");

        ReadResult<IReadOnlyList<KiloHertz>> result = Policy(root).ReadAvailableFrequencies();

        Assert.Equal(ReadStatus.Missing, result.Status);
        Assert.Equal("sys/devices/system/cpu/cpufreq/policy0/scaling_available_frequencies", result.Path);
    }

    [Fact]
    public void A_directory_in_place_of_the_governor_is_an_io_error()
    {
        using TempRoot root = TempRoot.Pi5().MakeDirectory(Pi5Layout.Policy + "/scaling_governor");

        ReadResult<string> result = Policy(root).ReadGovernor();

        Assert.Equal(ReadStatus.IoError, result.Status);
        Assert.Equal("sys/devices/system/cpu/cpufreq/policy0/scaling_governor", result.Path);
    }

    [Fact]
    public void A_value_too_long_for_an_attribute_is_garbage_not_truncated()
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.Policy + "/scaling_max_freq", new string('1', 500));

        ReadResult<KiloHertz> result = Policy(root).ReadScalingMax();

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("expected at most 127 bytes, the file is longer", result.Detail);
    }
}
