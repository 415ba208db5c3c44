namespace PiTune.Core.Memory;

/// <summary>The memory job's settings (section <c>Memory</c>).</summary>
public sealed class MemoryOptions
{
    public const string SectionName = "Memory";

    /// <summary>False turns the job into an observer: no vm tunable written, swap left alone, the pool never trimmed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>vm.swappiness</c> (the guide's 10); null leaves the kernel's value.</summary>
    public int? Swappiness { get; set; } = 10;

    /// <summary><c>vm.vfs_cache_pressure</c> (the guide's 50); null leaves the kernel's value.</summary>
    public int? VfsCachePressure { get; set; } = 50;

    /// <summary>Other <c>vm.*</c> sysctls by their file name under <c>/proc/sys/vm</c> (e.g. <c>dirty_ratio</c>).</summary>
    public Dictionary<string, long> Sysctl { get; set; } = new(StringComparer.Ordinal);

    public SwapOffMode DisableSwap { get; set; } = SwapOffMode.Never;

    /// <summary>Swap is turned off only when MemAvailable exceeds the swap in use by at least this much (MiB).</summary>
    public long SwapOffHeadroomMB { get; set; } = 256;

    /// <summary>Under <see cref="SwapOffMode.DuringInference"/>: time without inference work before swap goes back on.</summary>
    public TimeSpan SwapOnIdleGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a failed swapoff (EBUSY, ENOMEM, ...), how long before trying again.</summary>
    public TimeSpan SwapRetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>PSI memory <c>some avg10</c> (percent) at or above which pressure is high.</summary>
    public double PressureHighPercent { get; set; } = 10;

    /// <summary>PSI memory <c>some avg10</c> below which pressure counts as ended (after <see cref="PressureReleaseAfter"/>).</summary>
    public double PressureLowPercent { get; set; } = 5;

    /// <summary>How long pressure must stay below the low mark before the limits are lifted.</summary>
    public TimeSpan PressureReleaseAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Without PSI: MemAvailable (percent of MemTotal) at or below which pressure is high.</summary>
    public double AvailableLowPercent { get; set; } = 10;

    /// <summary>Without PSI: MemAvailable (percent of MemTotal) above which pressure counts as ended.</summary>
    public double AvailableRecoveredPercent { get; set; } = 20;

    /// <summary>Under pressure the buffer pool is held to this share of its budget (percent, 0 drops every free buffer).</summary>
    public int TrimTargetPercent { get; set; } = 50;

    /// <summary>Under pressure the batcher does not grow batches past this size.</summary>
    public int PressureMaxBatchSize { get; set; } = 4;

    /// <summary>The vm sysctls these options set, by file name, in a stable order (swappiness, vfs_cache_pressure, then the map sorted).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> VmSettings()
    {
        var settings = new List<KeyValuePair<string, long>>();
        if (Swappiness is { } swappiness)
        {
            settings.Add(new(VmSysctlRanges.Swappiness, swappiness));
        }

        if (VfsCachePressure is { } cachePressure)
        {
            settings.Add(new(VmSysctlRanges.VfsCachePressure, cachePressure));
        }

        settings.AddRange(Sysctl.OrderBy(p => p.Key, StringComparer.Ordinal));
        return settings;
    }
}
