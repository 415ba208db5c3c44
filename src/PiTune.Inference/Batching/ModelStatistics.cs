using PiTune.Core.Metrics;

namespace PiTune.Inference.Batching;

/// <summary>
/// One model's figures: totals since start (for the API's statistics and <c>pitune bench</c>) and a
/// window since the last sampling tick (busy share, requests/s, latency percentiles for the snapshot).
/// </summary>
/// <param name="batchTiming">Where each batch's run time also goes (the <c>PiTune</c> meter's batch histogram), if anywhere.</param>
/// <param name="workers">Batches that can run at once: the busy share is of all of them (busy seconds add up over them).</param>
internal sealed class ModelStatistics(int maxBatchSize, TimeProvider time, OperationProfiler? batchTiming = null, int workers = 1)
{
    private readonly Lock _gate = new();
    private readonly long[] _batchSizes = new long[maxBatchSize + 1];
    private readonly LatencyHistogram _window = new();
    private readonly LatencyHistogram _sinceStart = new();
    private long _windowStart = time.GetTimestamp();
    private long _windowRequests;
    private TimeSpan _windowBusy;
    private long _requests;
    private long _failures;
    private long _batches;
    private TimeSpan _busy;

    public void RecordBatch(int rows, TimeSpan runTime)
    {
        lock (_gate)
        {
            _batchSizes[Math.Clamp(rows, 0, _batchSizes.Length - 1)]++;
            _batches++;
            _busy += runTime;
            _windowBusy += runTime;
        }

        batchTiming?.Record(runTime);
    }

    public void RecordRequest(TimeSpan latency, bool ok)
    {
        lock (_gate)
        {
            _requests++;
            _windowRequests++;
            if (ok)
            {
                _window.Record(latency.TotalMilliseconds);
                _sinceStart.Record(latency.TotalMilliseconds);
            }
            else
            {
                _failures++;
            }
        }
    }

    public StatisticsTotals Totals()
    {
        lock (_gate)
        {
            return new StatisticsTotals(_requests, _failures, _batches, _busy, [.. _batchSizes]);
        }
    }

    /// <summary>Latency percentiles of every successful request since start (0 before the first).</summary>
    public (double P50Ms, double P95Ms, double P99Ms) LatencySinceStart()
    {
        lock (_gate)
        {
            return (_sinceStart.Percentile(0.50), _sinceStart.Percentile(0.95), _sinceStart.Percentile(0.99));
        }
    }

    /// <summary>Closes the current window: adds its latencies to <paramref name="latencies"/> and returns its busy share and rate.</summary>
    public (double BusyFraction, double RequestsPerSecond) TakeWindow(LatencyHistogram latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        long now = time.GetTimestamp();
        lock (_gate)
        {
            double seconds = time.GetElapsedTime(_windowStart, now).TotalSeconds;
            double busy = seconds > 0 ? Math.Clamp(_windowBusy.TotalSeconds / (seconds * workers), 0, 1) : 0;
            double rate = seconds > 0 ? _windowRequests / seconds : 0;
            latencies.Add(_window);
            _window.Clear();
            _windowRequests = 0;
            _windowBusy = TimeSpan.Zero;
            _windowStart = now;
            return (busy, rate);
        }
    }
}
