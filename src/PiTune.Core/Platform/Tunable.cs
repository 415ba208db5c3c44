namespace PiTune.Core.Platform;

/// <summary>
/// A kernel setting PiTune may change: a file path relative to the platform root
/// (e.g. <c>sys/devices/system/cpu/cpufreq/policy0/scaling_governor</c>).
/// Every write to one goes through <see cref="Tuning.ITuningLedger"/>, which saves the original first.
/// </summary>
public sealed record Tunable(string RelativePath)
{
    public override string ToString() => RelativePath;
}
