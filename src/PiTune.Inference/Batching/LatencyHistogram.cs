namespace PiTune.Inference.Batching;

/// <summary>
/// Latencies in logarithmic buckets (eight per doubling, so about 9 % resolution) from 10 µs to
/// minutes; percentiles come out as a bucket's upper bound. Not thread-safe; the owner locks.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double MinMs = 0.01;
    private const int PerDoubling = 8;
    private const int Buckets = PerDoubling * 26;
    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public void Record(double milliseconds)
    {
        int bucket = milliseconds <= MinMs ? 0 : (int)Math.Ceiling(Math.Log2(milliseconds / MinMs) * PerDoubling);
        _counts[Math.Clamp(bucket, 0, Buckets - 1)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
    }

    /// <summary>The latency at or under which <paramref name="fraction"/> of the recorded requests finished; 0 when empty.</summary>
    public double Percentile(double fraction)
    {
        if (Count == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(fraction * Count));
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return MinMs * Math.Pow(2, (double)i / PerDoubling);
            }
        }

        return MinMs * Math.Pow(2, (double)(Buckets - 1) / PerDoubling);
    }
}
