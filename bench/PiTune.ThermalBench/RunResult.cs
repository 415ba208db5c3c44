namespace PiTune.ThermalBench;

/// <summary>What one policy did over the trace.</summary>
internal sealed record RunResult(
    string Policy,
    double SecondsAt80,
    double SecondsFirmwareLimiting,
    double PeakC,
    double MeanFanPercent,
    int FanOnOffSwitches,
    int FanDutyChanges,
    double ThroughputRetained,
    double PeakFanPercent = 0);
