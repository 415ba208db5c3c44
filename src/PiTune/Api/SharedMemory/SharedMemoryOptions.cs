namespace PiTune.Api.SharedMemory;

/// <summary>Triton's system shared memory extension (section <c>Api:SharedMemory</c>).</summary>
internal sealed class SharedMemoryOptions
{
    public const string SectionPath = "Api:SharedMemory";

    /// <summary>Whether the <c>/v2/systemsharedmemory</c> endpoints and shm inputs/outputs are served at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Regions registered at once, by all callers together.</summary>
    public int MaxRegions { get; set; } = 64;

    /// <summary>Largest file under /dev/shm a region may be in, in bytes (64 MiB).</summary>
    public long MaxRegionBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The sum of every registered region's byte_size, in bytes (256 MiB).</summary>
    public long MaxTotalBytes { get; set; } = 256L * 1024 * 1024;
}
