namespace PiTune.Simulation;

/// <summary>
/// The simulated Raspberry Pi 5 behind <c>--simulate</c> (section <c>Simulation</c>). Read once at start:
/// the simulated board is built before the daemon starts, so a reload does not change it.
/// </summary>
public sealed class SimulationOptions
{
    public const string SectionName = "Simulation";

    /// <summary>Room temperature in °C that the board cools towards (-20 to 60).</summary>
    public double AmbientC { get; set; } = 25;

    /// <summary>SoC temperature in °C at start (-20 to 105); 45 °C is a Pi 5 that has just booted.</summary>
    public double InitialTemperatureC { get; set; } = 45;

    /// <summary>Share of all four cores (0–100 %) busy with work other than inference: the OS, services, a shell.</summary>
    public double BackgroundLoadPercent { get; set; } = 10;

    /// <summary>
    /// Whether the official Active Cooler (heatsink and fan on the fan header) is fitted. <c>false</c> is a bare Pi 5:
    /// the fan header is still driven (pwm1 moves) but nothing spins (fan1_input stays 0) and there is no heatsink.
    /// </summary>
    public bool FanInstalled { get; set; } = true;

    /// <summary>Simulated time between model updates (1 ms to 10 s).</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Work the simulator adds by itself on top of what the daemon reports (<c>None</c>, <c>Bursts</c>, <c>Full</c>).</summary>
    public LoadProfile LoadProfile { get; set; } = LoadProfile.None;

    /// <summary>
    /// Jitter (°C, 0–5) on each reading of <c>thermal_zone0/temp</c>, uniform within ±this, as a real sensor's reading
    /// wobbles; the kernel's step_wise and the daemon see the same reading. The die itself (and the firmware) is not noisy.
    /// </summary>
    public double ZoneNoiseC { get; set; }

    /// <summary>Pretend the power supply sags: the firmware's under-voltage bits and the rpi_volt alarm are set.</summary>
    public bool UnderVoltage { get; set; }
}
