using PiTune.Core.Thermal;
using PiTune.Core.Units;

namespace PiTune.Core.Tests.Thermal;

public sealed class ChipHeatPolicyTests
{
    [Theory]
    [InlineData(79.9, false, null)]
    [InlineData(80.0, false, true)]
    [InlineData(84.0, true, null)]
    [InlineData(76.0, true, null)]
    [InlineData(74.9, true, false)]
    [InlineData(60.0, false, null)]
    public void The_chip_is_reported_once_near_its_limit_and_once_when_cooled(double celsius, bool warned, bool? said)
    {
        Assert.Equal(said, ChipHeatPolicy.Decide(new Celsius(celsius), warned));
    }

    [Fact]
    public void An_unread_temperature_changes_nothing()
    {
        Assert.Null(ChipHeatPolicy.Decide(null, warned: true));
        Assert.Null(ChipHeatPolicy.Decide(null, warned: false));
    }
}
