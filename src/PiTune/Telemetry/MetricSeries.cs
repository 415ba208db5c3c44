namespace PiTune.Telemetry;

/// <summary>
/// One series of a <see cref="MetricFamily"/>: its rendered label set and its value (counter, gauge) or its bucket
/// counts, sum and count (histogram). Guarded by the family's lock; never read or written outside it.
/// </summary>
internal sealed class MetricSeries(string labels, int buckets)
{
    /// <summary><c>name="value",...</c>, escaped, label names sorted; empty when the series has no labels.</summary>
    public string Labels { get; } = labels;

    public double Value { get; set; }

    /// <summary>Per bucket (not cumulative): observations above the previous bound and at most this one.</summary>
    public long[] BucketCounts { get; } = new long[buckets];

    public long Count { get; set; }

    public double Sum { get; set; }

    /// <summary>False for an observable instrument's series that reported nothing at this scrape: it is left out.</summary>
    public bool Published { get; set; } = true;
}
