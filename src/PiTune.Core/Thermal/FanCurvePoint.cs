namespace PiTune.Core.Thermal;

/// <summary>One point of the fan curve: at <see cref="TemperatureC"/> and above, at least <see cref="DutyPercent"/>.</summary>
public sealed class FanCurvePoint
{
    public FanCurvePoint()
    {
    }

    public FanCurvePoint(double temperatureC, double dutyPercent)
    {
        TemperatureC = temperatureC;
        DutyPercent = dutyPercent;
    }

    public double TemperatureC { get; set; }

    public double DutyPercent { get; set; }

    public override string ToString() => FormattableString.Invariant($"{TemperatureC} °C → {DutyPercent} %");
}
