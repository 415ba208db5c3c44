using PiTune.Inference.Backends;

namespace PiTune.Inference.Tests.Backends;

public sealed class ChipRetryPolicyTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(5, 32)]
    [InlineData(6, 60)]
    [InlineData(1000, 60)]
    public void The_wait_doubles_from_the_first_up_to_the_maximum(int failures, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ChipRetryPolicy.Delay(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), failures));
    }

    [Fact]
    public void A_first_wait_above_the_maximum_is_held_to_the_maximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), ChipRetryPolicy.Delay(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 1));
    }
}
