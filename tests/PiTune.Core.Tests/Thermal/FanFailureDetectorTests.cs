using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Core.Tests.Thermal;

public sealed class FanFailureDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FanOptions Options = new();

    private static FanFailureState Run(FanFailureState state, int seconds, double dutyPercent, int? rpm, int from = 0)
    {
        for (int s = from; s <= from + seconds; s++)
        {
            state = FanFailureDetector.Observe(T0.AddSeconds(s), DutyCycle.FromPercent(dutyPercent), rpm, Options, state);
        }

        return state;
    }

    [Fact]
    public void A_fan_driven_above_30_percent_reading_0_rpm_for_10_seconds_has_failed()
    {
        Assert.False(Run(FanFailureState.Initial, 9, 50, 0).Failed);
        Assert.True(Run(FanFailureState.Initial, 10, 50, 0).Failed);
    }

    [Fact]
    public void A_slow_fan_at_or_below_the_failure_duty_is_not_judged()
    {
        Assert.False(Run(FanFailureState.Initial, 60, 30, 0).Failed);
    }

    [Fact]
    public void A_failed_fan_that_turns_again_is_no_longer_failed()
    {
        FanFailureState failed = Run(FanFailureState.Initial, 20, 100, 0);
        Assert.True(failed.Failed);
        Assert.False(Run(failed, 0, 100, 2500, from: 21).Failed);
    }

    [Fact]
    public void Without_a_tachometer_reading_nothing_changes()
    {
        FanFailureState failed = Run(FanFailureState.Initial, 20, 100, 0);
        Assert.True(Run(failed, 30, 100, null, from: 21).Failed);
        Assert.False(Run(FanFailureState.Initial, 30, 100, null).Failed);
    }
}
