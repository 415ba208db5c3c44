using PiTune.Core.Priority;

namespace PiTune.Core.Tests.Priority;

public sealed class PriorityOptionsValidatorTests
{
    private static string? Problems(PriorityOptions options)
    {
        var result = new PriorityOptionsValidator().Validate(null, options);
        return result.Failed ? result.FailureMessage : null;
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Null(Problems(new PriorityOptions()));

    [Theory]
    [InlineData(SchedulingPolicy.Fifo, null, null)]
    [InlineData(SchedulingPolicy.RoundRobin, "0-3", null)]
    [InlineData(SchedulingPolicy.Fifo, null, "0")]
    public void A_real_time_policy_without_a_cpu_kept_free_is_refused_with_the_reason(SchedulingPolicy policy, string? inference, string? housekeeping)
    {
        string? problems = Problems(new PriorityOptions { Policy = policy, RtPriority = 10, InferenceCpus = inference, HousekeepingCpus = housekeeping });
        Assert.NotNull(problems);
        Assert.Contains("starve", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_time_policy_whose_housekeeping_cpus_are_all_inference_cpus_is_refused()
    {
        string? problems = Problems(new PriorityOptions { Policy = SchedulingPolicy.Fifo, RtPriority = 10, InferenceCpus = "0-3", HousekeepingCpus = "2,3" });
        Assert.NotNull(problems);
        Assert.Contains("HousekeepingCpus \"2,3\" inside Priority:InferenceCpus \"0-3\"", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_time_policy_with_a_housekeeping_cpu_of_its_own_is_accepted() =>
        Assert.Null(Problems(new PriorityOptions { Policy = SchedulingPolicy.RoundRobin, RtPriority = 20, InferenceCpus = "1-3", HousekeepingCpus = "0" }));

    [Theory]
    [InlineData(-21, "Priority:Nice must be between -20 and 19, was -21")]
    [InlineData(20, "Priority:Nice must be between -20 and 19, was 20")]
    public void Nice_out_of_range_is_named(int nice, string message) =>
        Assert.Contains(message, Problems(new PriorityOptions { Nice = nice }), StringComparison.Ordinal);

    [Fact]
    public void A_real_time_priority_is_required_with_a_real_time_policy_and_refused_without()
    {
        Assert.Contains("Priority:RtPriority must be between 1 and 99 with Priority:Policy Fifo, was unset",
            Problems(new PriorityOptions { Policy = SchedulingPolicy.Fifo, InferenceCpus = "1", HousekeepingCpus = "0" }), StringComparison.Ordinal);
        Assert.Contains("Priority:RtPriority must be between 1 and 99 with Priority:Policy RoundRobin, was 100",
            Problems(new PriorityOptions { Policy = SchedulingPolicy.RoundRobin, RtPriority = 100, InferenceCpus = "1", HousekeepingCpus = "0" }), StringComparison.Ordinal);
        Assert.Contains("RtPriority applies only to Fifo or RoundRobin",
            Problems(new PriorityOptions { RtPriority = 5 }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cpu_list_that_does_not_parse_is_named_with_its_value() =>
        Assert.Contains("Priority:InferenceCpus \"2-x\" is not a CPU list",
            Problems(new PriorityOptions { InferenceCpus = "2-x" }), StringComparison.Ordinal);
}

public sealed class CpuListTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-2,5", new[] { 0, 1, 2, 5 })]
    [InlineData(" 3 , 1-1 ,3", new[] { 1, 3 })]
    public void Kernel_cpu_lists_parse(string text, int[] expected)
    {
        Assert.True(CpuList.TryParse(text, out int[] cpus, out _));
        Assert.Equal(expected, cpus);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("3-1")]
    [InlineData("-1")]
    [InlineData("99999")]
    public void Garbage_is_refused_with_a_reason(string text)
    {
        Assert.False(CpuList.TryParse(text, out _, out string? problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Lists_format_compactly() => Assert.Equal("0-2,5,7-8", CpuList.Format([8, 0, 1, 2, 5, 7]));
}
