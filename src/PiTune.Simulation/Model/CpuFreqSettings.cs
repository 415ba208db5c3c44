namespace PiTune.Simulation.Model;

/// <summary>The cpufreq attributes the daemon may write, as last read successfully.</summary>
internal readonly record struct CpuFreqSettings(string Governor, long MinKHz, long MaxKHz, long? SetSpeedKHz);
