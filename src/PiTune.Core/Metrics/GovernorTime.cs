namespace PiTune.Core.Metrics;

/// <summary>How long a cpufreq policy has run under one governor (a monotonic counter).</summary>
public readonly record struct GovernorTime(string Governor, TimeSpan Time);
