using PiTune.Linux.Tuning;

namespace PiTune.Linux.Tests.Tuning;

public sealed class StateOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new StateOptionsValidator().Validate(null, new StateOptions()).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("var/lib/pitune")]
    [InlineData("./state")]
    public void A_directory_that_is_not_absolute_is_rejected_naming_the_key_and_value(string directory)
    {
        var result = new StateOptionsValidator().Validate(null, new StateOptions { Directory = directory });

        Assert.True(result.Failed);
        Assert.Contains("State:Directory", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains($"\"{directory}\"", result.FailureMessage, StringComparison.Ordinal);
    }
}
