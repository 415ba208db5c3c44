using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>The duty a temperature asks for, by the configured points. Below the first point the fan is off.</summary>
public sealed class FanCurve
{
    private readonly double[] _temperatures;
    private readonly double[] _duties;
    private readonly CurveInterpolation _interpolation;

    public FanCurve(IReadOnlyList<FanCurvePoint> points, CurveInterpolation interpolation)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new ArgumentException("A fan curve needs at least one point.", nameof(points));
        }

        _temperatures = points.Select(p => p.TemperatureC).ToArray();
        _duties = points.Select(p => p.DutyPercent / 100.0).ToArray();
        _interpolation = interpolation;
    }

    public static FanCurve From(FanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new FanCurve(options.EffectiveCurve, options.Interpolation);
    }

    /// <summary>The last point's temperature: from there on the fan runs at the curve's top duty.</summary>
    public Celsius Top => new(_temperatures[^1]);

    public DutyCycle DutyAt(Celsius temperature)
    {
        double t = temperature.Value;
        if (double.IsNaN(t) || t < _temperatures[0])
        {
            return DutyCycle.Off;
        }

        int i = _temperatures.Length - 1;
        while (t < _temperatures[i])
        {
            i--;
        }

        if (_interpolation == CurveInterpolation.Steps || i == _temperatures.Length - 1)
        {
            return new DutyCycle(_duties[i]);
        }

        double share = (t - _temperatures[i]) / (_temperatures[i + 1] - _temperatures[i]);
        return new DutyCycle(_duties[i] + (share * (_duties[i + 1] - _duties[i])));
    }
}
