namespace PiTune.Core.Platform;

/// <summary>One line of <c>/proc/stat</c>: cumulative time in USER_HZ ticks since boot.</summary>
public readonly record struct CpuTimes(
    ulong User, ulong Nice, ulong System, ulong Idle, ulong IoWait, ulong Irq, ulong SoftIrq, ulong Steal)
{
    /// <summary>Time not spent working: idle and waiting on I/O (as top and htop count it).</summary>
    public ulong IdleAll => Idle + IoWait;

    public ulong Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    /// <summary>Busy percentage between an earlier sample and this one; null when no time passed or counters went backwards.</summary>
    public double? BusyPercentSince(in CpuTimes earlier)
    {
        if (Total <= earlier.Total || IdleAll < earlier.IdleAll)
        {
            return null;
        }

        double total = Total - earlier.Total;
        double idle = IdleAll - earlier.IdleAll;
        return Math.Clamp((total - idle) / total * 100.0, 0, 100);
    }
}
