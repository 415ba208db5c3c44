namespace PiTune.Core.Thermal;

/// <summary>
/// Where the temperature is heading: two moving averages of the readings, a fast one (5 s) and a slow one (20 s). On a
/// steady ramp of s °C/s each lags the reading by its time constant × s, so the gap between them is s × 15 s: a slope
/// that a single noisy reading (the zone jitters by a degree) barely moves.
/// </summary>
public readonly record struct TemperatureTrend(double Fast, double Slow, DateTimeOffset At)
{
    private const double FastSeconds = 5;
    private const double SlowSeconds = 20;

    // A gap this long between readings (a sensor fault, a suspended machine) says nothing about the slope: start again.
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(1);

    /// <summary>°C per second, positive while warming.</summary>
    public double SlopePerSecond => (Fast - Slow) / (SlowSeconds - FastSeconds);

    /// <summary>The trend after a reading of <paramref name="celsius"/> at <paramref name="now"/>.</summary>
    public static TemperatureTrend Next(TemperatureTrend? previous, double celsius, DateTimeOffset now)
    {
        if (previous is not { } p || now - p.At > Stale)
        {
            return new TemperatureTrend(celsius, celsius, now);
        }

        double seconds = (now - p.At).TotalSeconds;
        if (seconds <= 0)
        {
            return p;
        }

        return new TemperatureTrend(
            p.Fast + ((celsius - p.Fast) * (1 - Math.Exp(-seconds / FastSeconds))),
            p.Slow + ((celsius - p.Slow) * (1 - Math.Exp(-seconds / SlowSeconds))),
            now);
    }
}
