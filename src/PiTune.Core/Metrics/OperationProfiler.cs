using System.Diagnostics.Metrics;

namespace PiTune.Core.Metrics;

/// <summary>
/// The guide's PerformanceProfiler for one kind of operation: each run's duration goes into a histogram in
/// milliseconds on the <c>PiTune</c> meter (Prometheus buckets from <see cref="MillisecondBuckets"/>). Time comes from
/// the injected clock, so a test's fake clock decides what is recorded.
/// </summary>
public sealed class OperationProfiler
{
    /// <summary>Bucket bounds fit for the daemon's operations: a sysfs read is tens of µs, an inference batch tens of ms.</summary>
    public static readonly IReadOnlyList<double> MillisecondBuckets =
        [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly Histogram<double> _histogram;
    private readonly TimeProvider _time;

    public OperationProfiler(Meter meter, string name, string description, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _time = time;
        _histogram = meter.CreateHistogram(name, "ms", description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });
    }

    /// <summary>A timestamp to hand to <see cref="Stop"/>.</summary>
    public long Start() => _time.GetTimestamp();

    /// <summary>Records the time since <paramref name="started"/> and returns it.</summary>
    public TimeSpan Stop(long started)
    {
        TimeSpan elapsed = _time.GetElapsedTime(started);
        Record(elapsed);
        return elapsed;
    }

    public void Record(TimeSpan elapsed) => _histogram.Record(elapsed.TotalMilliseconds);
}
