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
    private static List<(TimeSpan At, DutyCycle Duty, FanReason Reason)> Run(FanOptions options, Func<double, double?> temperatureAt, TimeSpan length, DutyCycle start = default)
    {
        var curve = FanCurve.From(options);
        FanState state = FanState.Initial(start);
        var trace = new List<(TimeSpan, DutyCycle, FanReason)>();
        for (var at = TimeSpan.Zero; at <= length; at += TimeSpan.FromSeconds(1))
        {
            double? c = temperatureAt(at.TotalSeconds);
            (FanDecision d, state) = FanPolicy.Decide(T0 + at, c is { } v ? new Celsius(v) : null, curve, options, state);
            trace.Add((at, d.Duty, d.Reason));
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
        FanOptions options = Options(o => o.HysteresisC = 0.5);
        var trace = Run(options, s => 60 + (2 * Math.Sin(2 * Math.PI * s / 20)), TimeSpan.FromMinutes(10), DutyCycle.FromPercent(30));

        List<TimeSpan> changes = Changes(trace, DutyCycle.FromPercent(30));
        Assert.True(changes.Count >= 2, "the wobble crosses both bands, so the duty does move");
        Assert.True(changes.Count <= 10 + 1, $"{changes.Count} changes in 10 minutes");
        Assert.All(changes.Zip(changes.Skip(1)), p => Assert.True(p.Second - p.First >= options.MinOnTime, $"{p.First} → {p.Second}"));
    }

    [Fact]
    public void The_duty_comes_down_only_once_the_temperature_is_the_hysteresis_below_the_point()
    {
        FanOptions options = Options(o => o.MinOnTime = TimeSpan.Zero);
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
}
