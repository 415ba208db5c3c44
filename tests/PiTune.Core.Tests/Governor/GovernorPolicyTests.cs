using PiTune.Core.Governor;
using PiTune.Core.Metrics;
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

public sealed class GovernorPolicyFlappingTests
{
    private static readonly string[] Governors = ["ondemand", "performance"];
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Random_on_off_activity_switches_at_most_once_per_grace_period(int seed)
    {
        var options = new GovernorOptions { IdleGrace = TimeSpan.FromSeconds(10) };
        var random = new Random(seed);
        var state = GovernorState.Initial;
        var switches = new List<double>();
        string? last = null;
        for (int tick = 0; tick < 2000; tick++)
        {
            // Bursts and gaps of random length, flipping as often as every tick.
            bool active = random.NextDouble() < (tick / 200 % 2 == 0 ? 0.5 : 0.02);
            (GovernorDecision d, state) = GovernorPolicy.Decide(
                new GovernorInput(T0.AddSeconds(tick), active, null, Governors, new KiloHertz(2_400_000), null), options, state);
            if (last is not null && d.Governor != last)
            {
                switches.Add(tick);
            }

            last = d.Governor;
        }

        // Going idle needs a full grace without work, so two switches to idle are at least a grace apart.
        for (int i = 2; i < switches.Count; i += 2)
        {
            Assert.True(switches[i] - switches[i - 2] >= options.IdleGrace.TotalSeconds, $"switches at {string.Join(", ", switches)}");
        }

        Assert.True(switches.Count <= (2000 / options.IdleGrace.TotalSeconds) + 1);
    }

    [Fact]
    public void A_cap_below_the_hardware_minimum_becomes_the_minimum()
    {
        (GovernorDecision d, _) = GovernorPolicy.Decide(
            new GovernorInput(T0, true, null, Governors, new KiloHertz(2_400_000), new KiloHertz(1_000_000), new KiloHertz(1_500_000)),
            new GovernorOptions(), GovernorState.Initial);
        Assert.Equal(new KiloHertz(1_500_000), d.MaxFrequency);
    }

    [Theory]
    [InlineData("Inference", "turbo")]
    [InlineData("Idle", "Performance")]
    public void An_unknown_governor_is_a_config_error_naming_key_and_value(string key, string value)
    {
        var options = new GovernorOptions();
        typeof(GovernorOptions).GetProperty(key)!.SetValue(options, value);
        var result = new GovernorOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains($"Governor:{key} \"{value}\"", result.FailureMessage, StringComparison.Ordinal);
    }
}

public sealed class GovernorClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_between_readings_goes_to_the_governor_seen_first()
    {
        var clock = new GovernorClock();
        clock.Observe("ondemand", T0);
        clock.Observe("ondemand", T0.AddSeconds(5));
        clock.Observe("performance", T0.AddSeconds(7));
        clock.Observe(null, T0.AddSeconds(10));
        clock.Observe("ondemand", T0.AddSeconds(20)); // unreadable for 10 s: counted nowhere
        clock.Observe("ondemand", T0.AddSeconds(21));

        Assert.Equal(
            [new("ondemand", TimeSpan.FromSeconds(8)), new("performance", TimeSpan.FromSeconds(3))],
            clock.Snapshot());
    }
}
