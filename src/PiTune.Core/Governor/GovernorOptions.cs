namespace PiTune.Core.Governor;

/// <summary>The CPU governor job's settings (section <c>Governor</c>).</summary>
public sealed class GovernorOptions
{
    public const string SectionName = "Governor";

    /// <summary>False turns the job into an observer: it reports, never writes.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Governor while inference work is queued or running.</summary>
    public string Inference { get; set; } = GovernorNames.Performance;

    /// <summary>Governor after the idle grace; falls back to schedutil, then powersave, by what the kernel lists.</summary>
    public string Idle { get; set; } = GovernorNames.Ondemand;

    /// <summary>How long without inference work before switching to the idle governor.</summary>
    public TimeSpan IdleGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Without a batcher: CPU usage (percent of all cores) that counts as inference work.</summary>
    public double CpuActiveThresholdPercent { get; set; } = 60;

    /// <summary>Without a batcher: ticks in a row at or above the threshold before it counts as work.</summary>
    public int CpuActiveTicks { get; set; } = 3;
}
