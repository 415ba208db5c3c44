using PiTune.Core.Units;

namespace PiTune.Core.Platform;

/// <summary>A thermal zone (<c>/sys/class/thermal/thermal_zoneN</c>).</summary>
public interface IThermalZone
{
    /// <summary>The directory name, e.g. <c>thermal_zone0</c>.</summary>
    string Name { get; }

    /// <summary>The zone's <c>type</c>, read at discovery (e.g. <c>cpu-thermal</c>).</summary>
    string Type { get; }

    /// <summary>The zone's governor policy (<c>step_wise</c>, <c>user_space</c>, ...).</summary>
    Tunable Policy { get; }

    ReadResult<Celsius> ReadTemperature();

    ReadResult<string> ReadPolicy();
}
