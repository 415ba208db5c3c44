namespace PiTune.Core.Thermal;

/// <summary>Soft throttling and its recovery (section <c>Thermal</c>).</summary>
public sealed class ThermalOptions
{
    public const string SectionName = "Thermal";

    /// <summary>The Pi 5 firmware caps the ARM clock from 80 °C; PiTune's soft limit must stay below it.</summary>
    public const double FirmwareSoftLimitC = 80;

    /// <summary>False: no cap is ever published (temperature, fan and flags are still reported).</summary>
    public bool Throttle { get; set; } = true;

    /// <summary>Above this the cap steps down one frequency each tick.</summary>
    public double LimitC { get; set; } = 75;

    /// <summary>Below <see cref="LimitC"/> minus this the cap steps back up one frequency each tick (the guide's 10 °C).</summary>
    public double RecoveryMarginC { get; set; } = 10;

    /// <summary>While the fan has failed, the limit is lowered by this much.</summary>
    public double FanFailureMarginC { get; set; } = 10;
}
