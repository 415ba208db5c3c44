namespace PiTune.Core.Platform;

/// <summary>The fields of <c>/proc/meminfo</c> PiTune uses, in bytes.</summary>
public readonly record struct MemInfo(long TotalBytes, long AvailableBytes, long SwapTotalBytes, long SwapFreeBytes)
{
    public long UsedBytes => TotalBytes - AvailableBytes;

    public long SwapUsedBytes => SwapTotalBytes - SwapFreeBytes;

    /// <summary>Memory in use as a percentage of MemTotal (MemAvailable counted as free, as <c>free</c> does).</summary>
    public double UsedPercent => TotalBytes <= 0 ? 0 : Math.Clamp(UsedBytes * 100.0 / TotalBytes, 0, 100);
}
