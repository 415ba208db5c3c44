using PiTune.Inference.Models;
using PiTune.Inference.Tests.Support;

namespace PiTune.Inference.Tests.Models;

public sealed class InferenceOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:10")]
    [InlineData("01:00:00")]
    public void An_arena_shrink_delay_from_zero_to_an_hour_is_accepted(string delay)
    {
        InferenceOptions options = With(m => m.ArenaShrinkAfterIdle = TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(new InferenceOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("01:00:01")]
    public void An_arena_shrink_delay_below_zero_or_above_an_hour_is_named_with_its_value(string delay)
    {
        InferenceOptions options = With(m => m.ArenaShrinkAfterIdle = TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture));

        string failure = Assert.Single(new InferenceOptionsValidator().Validate(null, options).Failures!);

        Assert.Equal($"Inference:Models:0:ArenaShrinkAfterIdle must be from 00:00:00 (never) to 01:00:00, was \"{delay}\"", failure);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void Runners_outside_zero_to_64_are_named_with_their_value(int runners)
    {
        InferenceOptions options = With(m => m.Runners = runners);

        string failure = Assert.Single(new InferenceOptionsValidator().Validate(null, options).Failures!);

        Assert.Equal($"Inference:Models:0:Runners must be from 0 to 64, was {runners}", failure);
    }

    [Fact]
    public void An_arena_extend_strategy_outside_the_two_is_named_with_its_value()
    {
        var options = new InferenceOptions { ArenaExtendStrategy = (ArenaExtendStrategy)7 };

        string failure = Assert.Single(new InferenceOptionsValidator().Validate(null, options).Failures!);

        Assert.Equal("Inference:ArenaExtendStrategy must be NextPowerOfTwo or SameAsRequested, was \"7\"", failure);
    }

    private static InferenceOptions With(Action<ModelOptions> change)
    {
        ModelOptions model = TestModels.Classifier();
        change(model);
        return new InferenceOptions { Models = [model] };
    }
}
