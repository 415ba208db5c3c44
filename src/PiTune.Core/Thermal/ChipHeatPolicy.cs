using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>
/// When to say the accelerator chip (the AI HAT+'s Hailo-8/8L) is near its temperature limit: once as its hotter sensor
/// reaches <see cref="WarnAt"/>, once more when it is back below <see cref="ClearBelow"/> (5 °C of hysteresis, so a chip
/// sitting at the line is not reported each tick).
/// </summary>
public static class ChipHeatPolicy
{
    /// <summary>
    /// The limit assumed: 85 °C, the top of the 0–85 °C range the Hailo-8/8L is specified for (the figure PiTune's brief
    /// gives; Hailo's datasheets are behind a login and were not read, so this is unverified — docs/ai-hat.md).
    /// </summary>
    public static readonly Celsius Limit = new(85);

    /// <summary>5 °C below the limit: time to look at the HAT's airflow before the chip's own protection acts.</summary>
    public static readonly Celsius WarnAt = new(80);

    public static readonly Celsius ClearBelow = new(75);

    /// <summary>True: warn now; false: say it cleared; null: nothing to say. <paramref name="warned"/> is the state so far.</summary>
    public static bool? Decide(Celsius? hottest, bool warned) => hottest switch
    {
        { } t when !warned && t.Value >= WarnAt.Value => true,
        { } t when warned && t.Value < ClearBelow.Value => false,
        _ => null,
    };
}
