using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Linux.Tests.Support;
using PiTune.Linux.Thermal;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Thermal;

public sealed class SysfsThermalZoneTests
{
    [Fact]
    public void Millidegrees_are_read_as_celsius()
    {
        using TempRoot root = TempRoot.Empty();
        Pi5Layout.Write(root.Path, temperatureC: 61.25);
        var zone = new SysfsThermalZone(root.Files, "thermal_zone0", "cpu-thermal");

        Assert.Equal(new Celsius(61.25), zone.ReadTemperature().Value);
        Assert.Equal("step_wise", zone.ReadPolicy().Value);
        Assert.Equal("sys/class/thermal/thermal_zone0/policy", zone.Policy.RelativePath);
    }

    [Theory]
    [InlineData("hot\n", ReadStatus.Garbage)]
    [InlineData("", ReadStatus.Empty)]
    public void A_bad_temperature_names_the_file(string content, ReadStatus status)
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.Zone + "/temp", content);

        ReadResult<Celsius> result = new SysfsThermalZone(root.Files, "thermal_zone0", "cpu-thermal").ReadTemperature();

        Assert.Equal(status, result.Status);
        Assert.Equal("sys/class/thermal/thermal_zone0/temp", result.Path);
    }

    [Fact]
    public void A_missing_temperature_is_missing()
    {
        using TempRoot root = TempRoot.Empty();

        Assert.Equal(ReadStatus.Missing, new SysfsThermalZone(root.Files, "thermal_zone0", "").ReadTemperature().Status);
    }
}
