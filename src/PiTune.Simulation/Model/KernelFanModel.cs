namespace PiTune.Simulation.Model;

/// <summary>
/// The Pi 5 fan as the kernel drives it: the step_wise governor on thermal_zone0's active trips (50, 60, 67.5, 75 °C,
/// each with 5 °C hysteresis, mapped one-to-one to cooling states 1–4), and the pwm-fan driver's state/pwm mapping.
/// </summary>
internal sealed class KernelFanModel
{
    /// <summary>The Active Cooler's top speed at pwm 255 (its tachometer reads about 8000–9000 rpm at full duty).</summary>
    public const int MaxRpm = 8500;

    private const double HysteresisC = 5.0;

    private readonly bool[] _tripped = new bool[Pi5Layout.ActiveTripsMilli.Length];

    /// <summary>
    /// The cooling state step_wise sets for a zone reading: a trip counts from its temperature until the zone falls
    /// below temperature − hysteresis. The Pi 5 device tree maps trip i to state i+1 exactly (<c>&lt;&amp;fan i+1 i+1&gt;</c>),
    /// so the state jumps straight to the highest tripped level.
    /// </summary>
    public int StepWise(double temperatureC)
    {
        int state = 0;
        for (int i = 0; i < _tripped.Length; i++)
        {
            double trip = Pi5Layout.ActiveTripsMilli[i] / 1000.0;
            if (temperatureC >= trip)
            {
                _tripped[i] = true;
            }
            else if (temperatureC < trip - HysteresisC)
            {
                _tripped[i] = false;
            }

            if (_tripped[i])
            {
                state = i + 1;
            }
        }

        return state;
    }

    public static int PwmForState(int state) => Pi5Layout.FanLevels[Math.Clamp(state, 0, Pi5Layout.FanLevels.Length - 1)];

    /// <summary>pwm-fan's pwm_fan_update_state: the state is the last level the pwm reaches.</summary>
    public static int StateForPwm(int pwm)
    {
        int state = 0;
        while (state < Pi5Layout.FanLevels.Length - 1 && pwm >= Pi5Layout.FanLevels[state + 1])
        {
            state++;
        }

        return state;
    }

    /// <summary>Tachometer reading: roughly linear in duty for the Active Cooler; nothing spins without a fan.</summary>
    public static int Rpm(int pwm, bool fanInstalled) =>
        fanInstalled ? (int)Math.Round(MaxRpm * Math.Clamp(pwm, 0, 255) / 255.0) : 0;

    /// <summary>Airflow 0–1 the thermal model sees.</summary>
    public static double Airflow(int pwm, bool fanInstalled) => Rpm(pwm, fanInstalled) / (double)MaxRpm;
}
