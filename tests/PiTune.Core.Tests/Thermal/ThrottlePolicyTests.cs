using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Core.Tests.Thermal;

public sealed class ThrottlePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly KiloHertz[] Pi5 = [.. Enumerable.Range(15, 10).Select(i => new KiloHertz(i * 100_000L))];

    private static List<(KiloHertz? Cap, ThrottleEvent Event, ThermalState State)> Run(params double?[] temperatures)
    {
        ThrottleState state = ThrottleState.Initial;
        var trace = new List<(KiloHertz?, ThrottleEvent, ThermalState)>();
        for (int i = 0; i < temperatures.Length; i++)
        {
            Celsius? t = temperatures[i] is { } c ? new Celsius(c) : null;
            (ThrottleDecision d, state) = ThrottlePolicy.Decide(new ThrottleInput(T0.AddSeconds(i), t, Pi5, new Celsius(75), 10), state);
            trace.Add((d.Cap, d.Event, state.State));
        }

        return trace;
    }

    private static long? Mhz(KiloHertz? k) => k is { } v ? v.Value / 1000 : null;

    [Fact]
    public void The_cap_steps_down_one_frequency_per_tick_above_the_limit_and_back_up_one_per_tick_below_the_margin()
    {
        var trace = Run(76, 77, 77, 70, 64, 64, 64, 64);

        Assert.Equal(new long?[] { 2300, 2200, 2100, 2100, 2200, 2300, null, null }, trace.Select(p => Mhz(p.Cap)).ToArray());
        Assert.Equal(
            [ThrottleEvent.Throttled, ThrottleEvent.SteppedDown, ThrottleEvent.SteppedDown, ThrottleEvent.None,
             ThrottleEvent.SteppedUp, ThrottleEvent.SteppedUp, ThrottleEvent.Recovered, ThrottleEvent.None],
            trace.Select(p => p.Event).ToArray());
        Assert.Equal(
            [ThermalState.Throttling, ThermalState.Throttling, ThermalState.Throttling, ThermalState.Throttling,
             ThermalState.Recovering, ThermalState.Recovering, ThermalState.Normal, ThermalState.Normal],
            trace.Select(p => p.State).ToArray());
    }

    [Fact]
    public void The_cap_never_goes_below_the_lowest_frequency()
    {
        var trace = Run([.. Enumerable.Repeat<double?>(90, 15)]);
        Assert.Equal(1500, Mhz(trace[^1].Cap));
        Assert.Equal(ThrottleEvent.None, trace[^1].Event);
    }

    [Fact]
    public void Between_the_recovery_line_and_the_limit_the_cap_holds()
    {
        var trace = Run(76, 70, 66, 75, 65.1);
        Assert.All(trace, p => Assert.Equal(2300, Mhz(p.Cap)));
    }

    [Fact]
    public void Heat_returning_while_recovering_steps_down_again_in_the_same_episode()
    {
        var trace = Run(76, 77, 60, 76);
        Assert.Equal(new long?[] { 2300, 2200, 2300, 2200 }, trace.Select(p => Mhz(p.Cap)).ToArray());
        Assert.Equal(ThrottleEvent.SteppedDown, trace[3].Event);
        Assert.Equal(ThermalState.Throttling, trace[3].State);
    }

    [Fact]
    public void Without_a_temperature_the_cap_holds()
    {
        var trace = Run(76, null, null, 60);
        Assert.Equal(new long?[] { 2300, 2300, 2300, null }, trace.Select(p => Mhz(p.Cap)).ToArray());
    }

    [Fact]
    public void Without_available_frequencies_the_episode_is_tracked_but_no_cap_is_published()
    {
        ThrottleState state = ThrottleState.Initial;
        (ThrottleDecision hot, state) = ThrottlePolicy.Decide(new ThrottleInput(T0, new Celsius(80), [], new Celsius(75), 10), state);
        (ThrottleDecision cool, state) = ThrottlePolicy.Decide(new ThrottleInput(T0.AddMinutes(2), new Celsius(60), [], new Celsius(75), 10), state);

        Assert.Null(hot.Cap);
        Assert.Equal(ThrottleEvent.Throttled, hot.Event);
        Assert.Equal(ThrottleEvent.Recovered, cool.Event);
        Assert.Equal(TimeSpan.FromMinutes(2), cool.EpisodeDuration);
        Assert.Equal(80, cool.Peak!.Value.Value);
        Assert.Equal(ThermalState.Normal, state.State);
    }
}
