using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Core.Tests.Thermal;

public sealed class FanPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static FanOptions Options(Action<FanOptions>? change = null)
    {
        var o = new FanOptions { KickDuration = TimeSpan.Zero };
        change?.Invoke(o);
        return o;
    }

    /// <summary>Runs the policy once a second over a temperature trace; returns (time, output duty) for each tick.</summary>
    /// <param name="tachometer">The rpm a tachometer reads at a tick given the duty the tick before; null: the fan has none.</param>
    private static List<(TimeSpan At, DutyCycle Duty, FanReason Reason)> Run(
        FanOptions options, Func<double, double?> temperatureAt, TimeSpan length, DutyCycle start = default, Func<DutyCycle, int?>? tachometer = null)
    {
        var curve = FanCurve.From(options);
        FanState state = FanState.Initial(start);
        var trace = new List<(TimeSpan, DutyCycle, FanReason)>();
        DutyCycle running = start;
        for (var at = TimeSpan.Zero; at <= length; at += TimeSpan.FromSeconds(1))
        {
            double? c = temperatureAt(at.TotalSeconds);
            int? rpm = tachometer?.Invoke(running);
            (FanDecision d, state) = FanPolicy.Decide(T0 + at, c is { } v ? new Celsius(v) : null, rpm, curve, options, state);
            trace.Add((at, d.Duty, d.Reason));
            running = d.Duty;
        }

        return trace;
    }

    /// <summary>The times the output duty differed from the tick before (or from <paramref name="start"/> at the first tick).</summary>
    private static List<TimeSpan> Changes(List<(TimeSpan At, DutyCycle Duty, FanReason Reason)> trace, DutyCycle start)
    {
        var changes = new List<TimeSpan>();
        DutyCycle previous = start;
        foreach ((TimeSpan at, DutyCycle duty, _) in trace)
        {
            if (duty != previous)
            {
                changes.Add(at);
            }

            previous = duty;
        }

        return changes;
    }

    [Fact]
    public void Fan_does_not_flap_when_the_temperature_wobbles_2_degrees_around_a_trip_point()
    {
        // 60 °C ± 2 every 20 s for 10 minutes: the kernel's own curve would step between 30 % and 50 %.
        var trace = Run(Options(), s => 60 + (2 * Math.Sin(2 * Math.PI * s / 20)), TimeSpan.FromMinutes(10), DutyCycle.FromPercent(30));

        List<TimeSpan> changes = Changes(trace, DutyCycle.FromPercent(30));
        Assert.Single(changes);
        Assert.Equal(50, trace[^1].Duty.Percent, 3);
    }

    [Fact]
    public void With_hysteresis_smaller_than_the_wobble_the_duty_changes_at_most_once_per_minimum_on_time()
    {
        // Without the spin-down delay, which alone would keep this fan at 50 % (see the next test): minimum times only.
        FanOptions options = Options(o => (o.HysteresisC, o.SpinDownDelay) = (0.5, TimeSpan.Zero));
        var trace = Run(options, s => 60 + (2 * Math.Sin(2 * Math.PI * s / 20)), TimeSpan.FromMinutes(10), DutyCycle.FromPercent(30));

        List<TimeSpan> changes = Changes(trace, DutyCycle.FromPercent(30));
        Assert.True(changes.Count >= 2, "the wobble crosses both bands, so the duty does move");
        Assert.True(changes.Count <= 10 + 1, $"{changes.Count} changes in 10 minutes");
        Assert.All(changes.Zip(changes.Skip(1)), p => Assert.True(p.Second - p.First >= options.MinOnTime, $"{p.First} → {p.Second}"));
    }

    [Fact]
    public void With_hysteresis_smaller_than_the_wobble_the_spin_down_delay_still_keeps_the_fan_from_flapping()
    {
        var trace = Run(Options(o => o.HysteresisC = 0.5), s => 60 + (2 * Math.Sin(2 * Math.PI * s / 20)), TimeSpan.FromMinutes(10), DutyCycle.FromPercent(30));

        Assert.Single(Changes(trace, DutyCycle.FromPercent(30)));
        Assert.Equal(50, trace[^1].Duty.Percent, 3);
    }

    [Fact]
    public void The_duty_comes_down_only_once_the_temperature_is_the_hysteresis_below_the_point()
    {
        FanOptions options = Options(o => (o.MinOnTime, o.SpinDownDelay) = (TimeSpan.Zero, TimeSpan.Zero));
        // Up to 61 °C (50 %), then down a degree every 10 s.
        var trace = Run(options, s => s < 60 ? 61 : 61 - Math.Floor((s - 60) / 10), TimeSpan.FromSeconds(140), DutyCycle.FromPercent(30));

        Assert.Equal(50, trace.First(p => p.At == TimeSpan.FromSeconds(59)).Duty.Percent, 3);
        Assert.Equal(50, trace.First(p => p.At == TimeSpan.FromSeconds(120)).Duty.Percent, 3); // 55 °C: still 50 %
        Assert.Equal(30, trace.First(p => p.At == TimeSpan.FromSeconds(130)).Duty.Percent, 3); // 54 °C: below 60 − 5
    }

    [Fact]
    public void A_stopped_fan_gets_a_full_duty_kick_then_settles_on_the_curve()
    {
        FanOptions options = Options(o => o.KickDuration = TimeSpan.FromSeconds(2));
        var trace = Run(options, _ => 52, TimeSpan.FromSeconds(4));

        Assert.Equal([100, 100, 30, 30, 30], trace.Select(p => Math.Round(p.Duty.Percent)).ToArray());
        Assert.Equal(FanReason.Kick, trace[0].Reason);
        Assert.Equal(FanReason.Curve, trace[2].Reason);
    }

    [Fact]
    public void A_fan_already_spinning_gets_no_kick()
    {
        FanOptions options = Options(o => o.KickDuration = TimeSpan.FromSeconds(2));
        var trace = Run(options, _ => 61, TimeSpan.FromSeconds(2), DutyCycle.FromPercent(30));

        Assert.All(trace, p => Assert.Equal(50, p.Duty.Percent, 3));
    }

    [Fact]
    public void A_stopped_fan_waits_the_minimum_off_time_unless_the_curve_top_is_reached()
    {
        FanOptions options = Options(o => o.MinOffTime = TimeSpan.FromSeconds(30));
        var curve = FanCurve.From(options);
        var stopped = new FanState(DutyCycle.Off, T0, null, false);

        (FanDecision early, _) = FanPolicy.Decide(T0 + TimeSpan.FromSeconds(10), new Celsius(52), curve, options, stopped);
        (FanDecision later, _) = FanPolicy.Decide(T0 + TimeSpan.FromSeconds(30), new Celsius(52), curve, options, stopped);
        (FanDecision urgent, _) = FanPolicy.Decide(T0 + TimeSpan.FromSeconds(10), new Celsius(76), curve, options, stopped);

        Assert.Equal(0, early.Duty.Percent, 3);
        Assert.Equal(30, later.Duty.Percent, 3);
        Assert.Equal(100, urgent.Duty.Percent, 3);
    }

    [Fact]
    public void A_missing_temperature_sends_the_fan_to_the_safe_duty_at_once_and_the_curve_takes_over_again()
    {
        FanOptions options = Options(o => o.MinOnTime = TimeSpan.FromSeconds(10));
        var trace = Run(options, s => s is >= 5 and < 8 ? null : 52, TimeSpan.FromSeconds(30), DutyCycle.FromPercent(30));

        Assert.Equal(30, trace[4].Duty.Percent, 3);
        Assert.Equal(FanReason.SensorFault, trace[5].Reason);
        Assert.Equal(100, trace[5].Duty.Percent, 3);
        Assert.Equal(100, trace[14].Duty.Percent, 3); // held the minimum time, even after the sensor came back
        Assert.Equal(30, trace[30].Duty.Percent, 3);
    }

    [Fact]
    public void A_safe_duty_below_the_current_one_never_slows_the_fan()
    {
        FanOptions options = Options(o => o.SafeDutyPercent = 40);
        var trace = Run(options, _ => null, TimeSpan.FromSeconds(1), DutyCycle.FromPercent(70));

        Assert.All(trace, p => Assert.Equal(70, p.Duty.Percent, 3));
    }

    [Theory]
    [InlineData(49.9, 0)]
    [InlineData(50, 30)]
    [InlineData(55, 40)]
    [InlineData(63.75, 60)]
    [InlineData(75, 100)]
    [InlineData(90, 100)]
    public void A_linear_curve_interpolates_between_points(double celsius, double percent)
    {
        var curve = new FanCurve(FanOptions.DefaultCurve, CurveInterpolation.Linear);
        Assert.Equal(percent, curve.DutyAt(new Celsius(celsius)).Percent, 6);
    }

    [Theory]
    [InlineData(49.9, 0)]
    [InlineData(50, 30)]
    [InlineData(59.9, 30)]
    [InlineData(67.5, 70)]
    [InlineData(74.9, 70)]
    [InlineData(75, 100)]
    public void A_step_curve_holds_each_point_until_the_next(double celsius, double percent)
    {
        var curve = new FanCurve(FanOptions.DefaultCurve, CurveInterpolation.Steps);
        Assert.Equal(percent, curve.DutyAt(new Celsius(celsius)).Percent, 6);
    }

    // A Pi 5 Active Cooler starts at 30 % by itself: its tachometer reads about 2500 rpm there.
    private static int? Turning(DutyCycle duty) => (int)Math.Round(8500 * duty.Fraction);

    [Fact]
    public void A_fan_whose_tachometer_shows_it_turning_after_a_start_gets_no_kick()
    {
        FanOptions options = Options(o => o.KickDuration = TimeSpan.FromSeconds(2));
        var trace = Run(options, _ => 52, TimeSpan.FromSeconds(10), tachometer: Turning);

        Assert.All(trace, p => Assert.Equal(30, p.Duty.Percent, 3));
        Assert.DoesNotContain(trace, p => p.Reason == FanReason.Kick);
    }

    [Fact]
    public void A_start_the_tachometer_does_not_see_within_the_spin_up_time_is_kicked_once()
    {
        FanOptions options = Options(o => (o.KickDuration, o.SpinUpTime) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)));
        var trace = Run(options, _ => 52, TimeSpan.FromSeconds(20), tachometer: _ => 0);

        Assert.Equal([30, 30, 30, 100, 100, 30, 30], trace.Take(7).Select(p => Math.Round(p.Duty.Percent)).ToArray());
        Assert.Equal(FanReason.Kick, trace[3].Reason);
        Assert.All(trace.Skip(5), p => Assert.Equal(30, p.Duty.Percent, 3)); // still standing: the failure detector's business
    }

    [Fact]
    public void A_fan_that_turns_late_but_within_the_spin_up_time_gets_no_kick()
    {
        FanOptions options = Options(o => (o.KickDuration, o.SpinUpTime) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)));
        int ticks = 0;
        var trace = Run(options, _ => 52, TimeSpan.FromSeconds(10), tachometer: d => ++ticks > 3 ? Turning(d) : 0);

        Assert.DoesNotContain(trace, p => p.Reason == FanReason.Kick);
    }

    [Fact]
    public void With_KickWhen_Always_every_start_is_kicked_even_with_a_tachometer()
    {
        FanOptions options = Options(o => (o.KickDuration, o.KickWhen) = (TimeSpan.FromSeconds(2), KickCondition.Always));
        var trace = Run(options, _ => 52, TimeSpan.FromSeconds(4), tachometer: Turning);

        Assert.Equal([100, 100, 30, 30, 30], trace.Select(p => Math.Round(p.Duty.Percent)).ToArray());
    }

    [Fact]
    public void A_cooling_chip_takes_the_fan_straight_to_the_curves_level_after_the_spin_down_delay_skipping_the_levels_between()
    {
        // The end of a load: 69 °C (70 %) for a minute, then 0.2 °C/s down to an idle 48 °C.
        static double? Cooling(double s) => Math.Max(48, s < 60 ? 69 : 69 - (0.2 * (s - 60)));
        DutyCycle start = DutyCycle.FromPercent(70);

        var delayed = Run(Options(), Cooling, TimeSpan.FromMinutes(6), start);
        var stepping = Run(Options(o => o.SpinDownDelay = TimeSpan.Zero), Cooling, TimeSpan.FromMinutes(6), start);

        Assert.Equal([70, 30], Levels(delayed, start));
        Assert.Equal([70, 50, 30], Levels(stepping, start));

        // 62.5 °C (the 70 % point less 5) is passed at 92.5 s; the duty comes down 2 minutes of cool readings later.
        Assert.Equal(TimeSpan.FromSeconds(93 + 120), Changes(delayed, start).Single());
    }

    [Fact]
    public void A_pause_in_the_load_shorter_than_the_spin_down_delay_leaves_the_fan_alone()
    {
        // 61 °C under load, a 90 s pause at 50 °C, load again: without the delay the fan steps down to 30 % and back up.
        static double? Bursty(double s) => s is >= 120 and < 210 ? 50 : 61;
        DutyCycle start = DutyCycle.FromPercent(50);

        Assert.Empty(Changes(Run(Options(), Bursty, TimeSpan.FromMinutes(6), start), start));
        Assert.Equal(2, Changes(Run(Options(o => o.SpinDownDelay = TimeSpan.Zero), Bursty, TimeSpan.FromMinutes(6), start), start).Count);
    }

    [Fact]
    public void A_reading_back_above_the_point_restarts_the_spin_down_wait()
    {
        // At 50 %, 54 °C is below 60 − 5; one reading of 56 °C at 100 s means the chip has not stayed cool.
        FanOptions options = Options();
        DutyCycle start = DutyCycle.FromPercent(50);
        var trace = Run(options, s => s == 100 ? 56 : 54, TimeSpan.FromMinutes(5), start);

        Assert.Equal(TimeSpan.FromSeconds(101) + options.SpinDownDelay, Changes(trace, start).Single());
        Assert.Equal(30, trace[^1].Duty.Percent, 3);
    }

    [Fact]
    public void The_spin_down_delay_holds_a_fan_that_may_stop_too()
    {
        FanOptions options = Options();
        DutyCycle start = DutyCycle.FromPercent(30);
        var trace = Run(options, _ => 40, TimeSpan.FromMinutes(3), start);

        Assert.Equal(TimeSpan.Zero + options.SpinDownDelay, Changes(trace, start).Single());
        Assert.Equal(0, trace[^1].Duty.Percent, 3);
    }

    /// <summary>The distinct duties (in %) the fan ran at, in order, starting with <paramref name="start"/>.</summary>
    [Fact]
    public void A_long_climb_under_new_load_takes_the_fan_to_the_level_it_is_heading_for_in_one_step()
    {
        // The fan at 30 % on a 52 °C chip; a sustained load then warms it 0.07 °C/s up to 69 °C.
        static double? Warming(double s) => s < 60 ? 52 : Math.Min(69, 52 + (0.07 * (s - 60)));
        var ahead = Run(Options(), Warming, TimeSpan.FromMinutes(8), DutyCycle.FromPercent(30));
        var plain = Run(Options(o => o.RiseLookahead = TimeSpan.Zero), Warming, TimeSpan.FromMinutes(8), DutyCycle.FromPercent(30));

        Assert.Equal([30, 50, 70], Levels(plain, DutyCycle.FromPercent(30)));
        Assert.Equal([30, 70], Levels(ahead, DutyCycle.FromPercent(30)));

        // It moves when the reading crosses the point, as without the lookahead: the projection chooses how far only.
        Assert.Equal(plain.First(p => p.Duty.Percent > 31).At, ahead.First(p => p.Duty.Percent > 31).At);
    }

    [Fact]
    public void A_short_steep_climb_a_burst_follows_the_curve_only()
    {
        // 0.3 °C/s from 52 °C: the 60 °C point is crossed 27 s into the climb, too soon to tell a burst from a new load.
        var trace = Run(Options(), s => s < 60 ? 52 : Math.Min(64, 52 + (0.3 * (s - 60))), TimeSpan.FromMinutes(3), DutyCycle.FromPercent(30));

        Assert.Equal([30, 50], Levels(trace, DutyCycle.FromPercent(30)));
    }

    [Fact]
    public void A_climb_that_stops_short_of_the_first_point_never_starts_the_fan()
    {
        var trace = Run(Options(), s => Math.Min(49.5, 40 + (0.5 * s)), TimeSpan.FromMinutes(3));

        Assert.All(trace, p => Assert.Equal(0, p.Duty.Percent, 3));
    }

    [Fact]
    public void A_jittery_reading_on_a_steady_temperature_does_not_push_the_fan_up()
    {
        // 55 °C with a uniform ±1 °C jitter on every reading, as a noisy zone gives: the 30 % level holds for 20 minutes.
        var random = new Random(2026);
        var trace = Run(Options(), _ => 55 + ((random.NextDouble() * 2) - 1), TimeSpan.FromMinutes(20), DutyCycle.FromPercent(30));

        Assert.Empty(Changes(trace, DutyCycle.FromPercent(30)));
    }

    [Fact]
    public void The_trend_reads_a_steady_ramp_as_its_slope()
    {
        TemperatureTrend? trend = null;
        for (int s = 0; s <= 120; s++)
        {
            trend = TemperatureTrend.Next(trend, 40 + (0.2 * s), T0 + TimeSpan.FromSeconds(s));
        }

        Assert.Equal(0.2, trend!.Value.SlopePerSecond, 2);
    }

    private static double[] Levels(List<(TimeSpan At, DutyCycle Duty, FanReason Reason)> trace, DutyCycle start)
    {
        var levels = new List<double> { Math.Round(start.Percent) };
        foreach ((_, DutyCycle duty, _) in trace)
        {
            if (Math.Round(duty.Percent) != levels[^1])
            {
                levels.Add(Math.Round(duty.Percent));
            }
        }

        return [.. levels];
    }
}
