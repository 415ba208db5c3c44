using PiTune.Core.Platform;
using PiTune.Core.Units;

namespace PiTune.Core.Tests.Fakes;

internal sealed class FakeThermalZone : IThermalZone
{
    public string Name { get; init; } = "thermal_zone0";
    public string Type { get; init; } = "cpu-thermal";
    public Tunable Policy => new($"sys/class/thermal/{Name}/policy");
    public ReadResult<Celsius> Temperature { get; set; } = ReadResult<Celsius>.Ok(new Celsius(45));
    public ReadResult<Celsius> ReadTemperature() => Temperature;
    public ReadResult<string> ReadPolicy() => ReadResult<string>.Ok("step_wise");
}
