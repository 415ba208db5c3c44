using PiTune.Core.Thermal;

namespace PiTune.Core.Tests.Thermal;

public sealed class ThermalOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new FanOptionsValidator().Validate(null, new FanOptions()).Succeeded);
        Assert.True(new ThermalOptionsValidator().Validate(null, new ThermalOptions()).Succeeded);
    }

    [Fact]
    public void A_soft_limit_at_or_above_the_firmware_limit_is_refused_naming_key_and_value()
    {
        var result = new ThermalOptionsValidator().Validate(null, new ThermalOptions { LimitC = 80 });
        Assert.Contains("Thermal:LimitC", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("was 80", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_curve_out_of_order_and_a_zero_safe_duty_are_refused_naming_each_key()
    {
        var options = new FanOptions
        {
            Curve = [new(60, 50), new(55, 40), new(70, 30)],
            SafeDutyPercent = 0,
        };

        string message = new FanOptionsValidator().Validate(null, options).FailureMessage ?? "";
        Assert.Contains("Fan:Curve:1:TemperatureC 55", message, StringComparison.Ordinal);
        Assert.Contains("Fan:Curve:2:DutyPercent 30", message, StringComparison.Ordinal);
        Assert.Contains("Fan:SafeDutyPercent", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_spin_down_delay_and_a_zero_spin_up_time_are_refused_naming_each_key_and_value()
    {
        var options = new FanOptions
        {
            SpinDownDelay = TimeSpan.FromSeconds(-1), SpinUpTime = TimeSpan.Zero, KickWhen = (KickCondition)7, RiseLookahead = TimeSpan.FromHours(1),
        };

        string message = new FanOptionsValidator().Validate(null, options).FailureMessage ?? "";
        Assert.Contains("Fan:SpinDownDelay must be from 00:00:00 to 01:00:00, was \"-00:00:01\"", message, StringComparison.Ordinal);
        Assert.Contains("Fan:SpinUpTime must be from 00:00:01 to 00:00:30, was \"00:00:00\"", message, StringComparison.Ordinal);
        Assert.Contains("Fan:KickWhen \"7\"", message, StringComparison.Ordinal);
        Assert.Contains("Fan:RiseLookahead must be from 00:00:00 to 00:10:00, was \"01:00:00\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_configured_curve_means_the_Pi5_firmware_curve()
    {
        Assert.Equal([50, 60, 67.5, 75], new FanOptions().EffectiveCurve.Select(p => p.TemperatureC).ToArray());
        Assert.Equal([30, 50, 70, 100], new FanOptions().EffectiveCurve.Select(p => p.DutyPercent).ToArray());
    }
}
