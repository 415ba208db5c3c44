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

    [Theory]
    [InlineData("999999999\n", "999999999 m°C (1000000 °C)")]
    [InlineData("-999999\n", "-999999 m°C (-1000 °C)")]
    [InlineData("150001\n", "150001 m°C (150 °C)")]
    [InlineData("-40001\n", "-40001 m°C (-40 °C)")]
    [InlineData("-274000\n", "-274000 m°C (-274 °C)")]
    public void A_temperature_no_thermal_zone_can_report_is_a_fault_not_a_temperature(string content, string shown)
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.Zone + "/temp", content);

        ReadResult<Celsius> result = new SysfsThermalZone(root.Files, "thermal_zone0", "cpu-thermal").ReadTemperature();

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal(
            $"sys/class/thermal/thermal_zone0/temp: garbage (implausible: {shown} is outside the -40 to 150 °C a thermal zone reports)",
            result.Describe());
    }

    [Theory]
    [InlineData("150000\n", 150.0)]
    [InlineData("-40000\n", -40.0)]
    [InlineData("0\n", 0.0)]
    public void The_bounds_themselves_are_temperatures(string content, double expected)
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.Zone + "/temp", content);

        Assert.Equal(new Celsius(expected), new SysfsThermalZone(root.Files, "thermal_zone0", "cpu-thermal").ReadTemperature().Value);
    }

    [Fact]
    public void A_missing_temperature_is_missing()
    {
        using TempRoot root = TempRoot.Empty();

        Assert.Equal(ReadStatus.Missing, new SysfsThermalZone(root.Files, "thermal_zone0", "").ReadTemperature().Status);
    }
}
