namespace PiTune.Core.Platform;

/// <summary><c>/proc/stat</c>'s CPU lines.</summary>
public interface IProcStat
{
    /// <summary>
    /// Reads the aggregate <c>cpu</c> line into <paramref name="total"/> and the <c>cpuN</c> lines into
    /// <paramref name="perCpu"/> (indexed by N; CPUs beyond its length are ignored) without allocating.
    /// The value is the number of <c>cpuN</c> lines seen.
    /// </summary>
    ReadResult<int> Read(out CpuTimes total, Span<CpuTimes> perCpu);
}
