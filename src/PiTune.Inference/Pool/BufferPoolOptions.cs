namespace PiTune.Inference.Pool;

/// <summary>The tensor buffer pool (section <c>BufferPool</c>); read at start.</summary>
internal sealed class BufferPoolOptions
{
    public const string SectionName = "BufferPool";

    /// <summary>Budget for free and rented buffers together, in MiB (the guide's 512).</summary>
    public int MaxSizeMB { get; set; } = 512;

    /// <summary>The budget never exceeds this fraction of MemTotal, whatever <see cref="MaxSizeMB"/> says.</summary>
    public double MaxMemoryFraction { get; set; } = 0.25;

    /// <summary>The budget in bytes for a machine with <paramref name="memTotalBytes"/> (null when unknown).</summary>
    public long BudgetBytes(long? memTotalBytes)
    {
        long configured = (long)MaxSizeMB * 1024 * 1024;
        return memTotalBytes is { } total ? Math.Min(configured, (long)(total * MaxMemoryFraction)) : configured;
    }
}
