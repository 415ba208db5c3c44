using Microsoft.Extensions.Options;
using PiTune.Core.Memory;

namespace PiTune.Core.Tests.Memory;

public sealed class MemoryOptionsValidatorTests
{
    private static IEnumerable<string> Failures(MemoryOptions options) =>
        new MemoryOptionsValidator().Validate(null, options) is { Failed: true } r ? r.Failures : [];

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Failures(new MemoryOptions()));
    }

    [Fact]
    public void Out_of_range_values_are_rejected_naming_key_range_and_value()
    {
        var options = new MemoryOptions { Swappiness = 201, VfsCachePressure = -1 };
        options.Sysctl["dirty_ratio"] = 101;
        options.Sysctl["overcommit_memory"] = 3;

        Assert.Equal(
        [
            "Memory:Swappiness (vm.swappiness) must be 0 to 200, was 201",
            "Memory:VfsCachePressure (vm.vfs_cache_pressure) must be 0 or more, was -1",
            "Memory:Sysctl:dirty_ratio (vm.dirty_ratio) must be 0 to 100, was 101",
            "Memory:Sysctl:overcommit_memory (vm.overcommit_memory) must be 0 to 2, was 3",
        ], Failures(options));
    }

    [Fact]
    public void Swappiness_above_100_needs_linux_5_8()
    {
        Assert.Equal("Memory:Swappiness (vm.swappiness) must be 0 to 100 on kernel 5.4, was 150",
            MemoryOptionsValidator.RangeProblem("Memory:Swappiness", "swappiness", 150, new Version(5, 4)));
        Assert.Null(MemoryOptionsValidator.RangeProblem("Memory:Swappiness", "swappiness", 150, new Version(6, 6)));
    }

    [Theory]
    [InlineData("../../etc/passwd", "is not a vm sysctl name")]
    [InlineData("vm.dirty_ratio", "is not a vm sysctl name")]
    [InlineData("drop_caches", "triggers an action when written")]
    [InlineData("swappiness", "set Memory:Swappiness instead")]
    public void Sysctl_keys_that_are_not_settings_PiTune_can_hold_are_rejected(string key, string expected)
    {
        var options = new MemoryOptions();
        options.Sysctl[key] = 1;

        string failure = Assert.Single(Failures(options));
        Assert.StartsWith($"Memory:Sysctl:{key}", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_a_known_range_is_left_to_the_kernel()
    {
        var options = new MemoryOptions();
        options.Sysctl["page-cluster"] = 0;
        options.Sysctl["nr_hugepages"] = 12;

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Marks_without_hysteresis_are_rejected()
    {
        var options = new MemoryOptions { PressureHighPercent = 5, PressureLowPercent = 5, AvailableLowPercent = 30, AvailableRecoveredPercent = 20, TrimTargetPercent = 101, PressureMaxBatchSize = 0 };

        Assert.Equal(
        [
            "Memory:PressureLowPercent (5) must be below Memory:PressureHighPercent (5), or pressure would flap without hysteresis",
            "Memory:AvailableLowPercent (30) must be below Memory:AvailableRecoveredPercent (20), or pressure would flap without hysteresis",
            "Memory:TrimTargetPercent must be between 0 and 100, was 101",
            "Memory:PressureMaxBatchSize must be between 1 and 65536, was 0",
        ], Failures(options));
    }
}
