using PiTune.Core.Governor;
using PiTune.Core.Units;

namespace PiTune.Core.Tests.Governor;

public sealed class GovernorPolicyTests
{
    private static readonly string[] Pi5Governors = ["conservative", "ondemand", "userspace", "powersave", "performance", "schedutil"];
    private static readonly KiloHertz Max = new(2_400_000);
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private readonly GovernorOptions _options = new();

    private static GovernorInput Input(double seconds, bool? active, KiloHertz? cap = null, double? cpu = null, string[]? governors = null) =>
        new(T0.AddSeconds(seconds), active, cpu, governors ?? Pi5Governors, Max, cap);

    [Fact]
    public void Starting_idle_sets_the_idle_governor()
    {
        (GovernorDecision decision, _) = GovernorPolicy.Decide(Input(0, active: false), _options, GovernorState.Initial);
        Assert.Equal(GovernorMode.Idle, decision.Mode);
        Assert.Equal("ondemand", decision.Governor);
        Assert.Equal(Max, decision.MaxFrequency);
    }

    [Fact]
    public void Work_switches_to_performance_at_once_and_back_to_idle_after_the_grace()
    {
        var state = GovernorState.Initial;
        (GovernorDecision d, state) = GovernorPolicy.Decide(Input(0, false), _options, state);
        (d, state) = GovernorPolicy.Decide(Input(1, true), _options, state);
        Assert.Equal("performance", d.Governor);
        (d, state) = GovernorPolicy.Decide(Input(2, false), _options, state);
        Assert.Equal("performance", d.Governor);
        (d, state) = GovernorPolicy.Decide(Input(30.9, false), _options, state);
        Assert.Equal("performance", d.Governor);
        (d, _) = GovernorPolicy.Decide(Input(31, false), _options, state);
        Assert.Equal("ondemand", d.Governor);
    }

    [Fact]
    public void Activity_flapping_every_tick_switches_at_most_once_per_grace_period()
    {
        var state = GovernorState.Initial;
        string? last = null;
        int switches = 0;
        for (int tick = 0; tick < 300; tick++)
        {
            (GovernorDecision d, state) = GovernorPolicy.Decide(Input(tick, tick % 2 == 0), _options, state);
            if (last is not null && d.Governor != last)
            {
                switches++;
            }

            last = d.Governor;
        }

        // 300 s of flapping: performance from the first tick and it holds; never back and forth.
        Assert.Equal(0, switches);
        Assert.Equal("performance", last);
    }

    [Fact]
    public void A_thermal_cap_holds_even_while_inference_is_active()
    {
        (GovernorDecision d, _) = GovernorPolicy.Decide(Input(0, true, cap: new KiloHertz(1_800_000)), _options, GovernorState.Initial);
        Assert.Equal("performance", d.Governor);
        Assert.Equal(new KiloHertz(1_800_000), d.MaxFrequency);
    }

    [Fact]
    public void A_cap_above_the_hardware_maximum_is_clamped_to_it()
    {
        (GovernorDecision d, _) = GovernorPolicy.Decide(Input(0, true, cap: new KiloHertz(3_000_000)), _options, GovernorState.Initial);
        Assert.Equal(Max, d.MaxFrequency);
    }

    [Theory]
    [InlineData(new[] { "performance", "schedutil", "powersave" }, "schedutil")]
    [InlineData(new[] { "performance", "powersave" }, "powersave")]
    public void The_idle_governor_falls_back_by_what_the_kernel_offers(string[] available, string expected)
    {
        (GovernorDecision d, _) = GovernorPolicy.Decide(Input(0, false, governors: available), _options, GovernorState.Initial);
        Assert.Equal(expected, d.Governor);
        Assert.Contains("not offered", d.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void No_acceptable_governor_leaves_it_alone_with_the_reason()
    {
        (GovernorDecision d, _) = GovernorPolicy.Decide(Input(0, true, governors: ["userspace"]), _options, GovernorState.Initial);
        Assert.Null(d.Governor);
        Assert.Contains("performance", d.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_batcher_sustained_cpu_load_counts_as_work()
    {
        var state = GovernorState.Initial;
        GovernorDecision d;
        (d, state) = GovernorPolicy.Decide(Input(0, null, cpu: 90), _options, state);
        (d, state) = GovernorPolicy.Decide(Input(1, null, cpu: 90), _options, state);
        Assert.Equal("ondemand", d.Governor);
        (d, state) = GovernorPolicy.Decide(Input(2, null, cpu: 90), _options, state);
        Assert.Equal("performance", d.Governor);
        (d, _) = GovernorPolicy.Decide(Input(3, null, cpu: 5), _options, state);
        Assert.Equal("performance", d.Governor);
    }

    [Fact]
    public void A_cpu_spike_shorter_than_the_tick_count_is_not_work()
    {
        var state = GovernorState.Initial;
        GovernorDecision d = null!;
        foreach (double cpu in new double[] { 95, 95, 10, 95, 95, 10 })
        {
            (d, state) = GovernorPolicy.Decide(Input(0, null, cpu: cpu), _options, state);
            Assert.Equal("ondemand", d.Governor);
        }
    }
}
