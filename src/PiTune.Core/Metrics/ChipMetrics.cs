using PiTune.Core.Units;

namespace PiTune.Core.Metrics;

/// <summary>
/// A neural accelerator chip (the AI HAT+'s Hailo-8/8L) as HailoRT reports it, while PiTune has it open.
/// </summary>
/// <param name="Architecture">HailoRT's name for the chip: HAILO8, HAILO8L.</param>
/// <param name="Sensor0">The first on-die sensor (ts0); null when the read failed this tick.</param>
/// <param name="Sensor1">The second on-die sensor (ts1); null when the read failed this tick.</param>
/// <param name="FramesPerSecond">Frames the chip's models finished per second over the last tick.</param>
/// <param name="FramesInFlight">Frames written to the chip and not yet read back, at the tick.</param>
/// <param name="BusyPercent">Share of the last tick a batch was running on the chip (all its models together, at most 100).</param>
/// <param name="Models">Models running on the chip.</param>
public readonly record struct ChipMetrics(
    string Architecture,
    Celsius? Sensor0,
    Celsius? Sensor1,
    double FramesPerSecond,
    int FramesInFlight,
    double BusyPercent,
    int Models)
{
    /// <summary>The hotter sensor, the one a limit is judged by.</summary>
    public Celsius? Hottest => Sensor0 is { } a && Sensor1 is { } b ? (a.Value >= b.Value ? a : b) : Sensor0 ?? Sensor1;
}
