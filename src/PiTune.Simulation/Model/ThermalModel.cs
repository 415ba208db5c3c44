namespace PiTune.Simulation.Model;

/// <summary>
/// A first-order (lumped) model of the BCM2712 and what it is bolted to: C·dT/dt = P − G·(T − ambient).
/// Integrated exactly for constant P and G over a step, so any step length is stable.
/// </summary>
internal sealed class ThermalModel
{
    /// <summary>A Pi 5 draws about 2.7 W at idle (Raspberry Pi's and reviewers' measurements at the wall, minus the PSU).</summary>
    public const double IdleWatts = 2.7;

    /// <summary>
    /// What four busy Cortex-A76 cores at 2.4 GHz add on top of idle: a stressed Pi 5 draws 7–8 W, so ~7.5 W in all.
    /// Dynamic power goes with busy cores × f·V²; the Pi 5's DVFS raises the voltage with the clock, which is folded in
    /// as f² (linear in f alone would leave a hard-throttled bare board above 85 °C, which the real firmware prevents).
    /// </summary>
    public const double FullLoadDynamicWatts = 4.8;

    public const long MaxClockKHz = 2_400_000;

    // Conductances (W/K) are fitted to how a Pi 5 behaves rather than measured:
    // - bare board: idles near 57 °C at 25 °C ambient and would settle above 100 °C at full load, so it reaches the
    //   firmware's 80 °C soft limit in about 2.5 minutes and then holds in the low 80s with its clock capped;
    // - Active Cooler with the fan stopped: idles just above the 50 °C first trip (the stock fan "flapping" at 50 °C);
    // - Active Cooler at full speed: settles near 62 °C at full load, the 60–65 °C stressed Pi 5s report.
    public const double BareConductance = 0.09;
    public const double HeatsinkConductance = 0.11;
    public const double FanConductanceAtFullAirflow = 0.092;

    // Heat capacities (J/K): the bare figure gives the ~3 minute time constant above; the Active Cooler's
    // aluminium (about 20 g × 0.9 J/(g·K)) adds roughly 18 J/K.
    public const double BareHeatCapacity = 17;
    public const double CoolerHeatCapacity = 35;

    private readonly double _ambientC;
    private readonly bool _coolerFitted;

    public ThermalModel(double ambientC, double initialC, bool coolerFitted)
    {
        _ambientC = ambientC;
        _coolerFitted = coolerFitted;
        TemperatureC = initialC;
    }

    public double TemperatureC { get; private set; }

    /// <summary>Board power for <paramref name="busyCores"/> (0–4) busy at <paramref name="clockKHz"/>.</summary>
    public static double Power(double busyCores, long clockKHz)
    {
        double clock = (double)clockKHz / MaxClockKHz;
        return IdleWatts + (FullLoadDynamicWatts * Math.Clamp(busyCores, 0, 4) / 4 * clock * clock);
    }

    /// <summary>Heat carried away per kelvin above ambient, for a fan airflow of 0 (stopped) to 1 (full speed).</summary>
    public double Conductance(double airflow) => _coolerFitted
        ? HeatsinkConductance + (FanConductanceAtFullAirflow * Math.Clamp(airflow, 0, 1))
        : BareConductance;

    public void Step(double watts, double airflow, double seconds)
    {
        double g = Conductance(airflow);
        double capacity = _coolerFitted ? CoolerHeatCapacity : BareHeatCapacity;
        double settle = _ambientC + (watts / g);
        TemperatureC = settle + ((TemperatureC - settle) * Math.Exp(-seconds * g / capacity));
    }
}
