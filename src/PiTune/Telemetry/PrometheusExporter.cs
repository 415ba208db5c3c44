using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using PiTune.Inference;

namespace PiTune.Telemetry;

/// <summary>
/// <c>GET /metrics</c>: the <c>PiTune</c> meter in the Prometheus text format 0.0.4. A <see cref="MeterListener"/>
/// listens to this daemon's meter only (the factory's) and keeps each instrument's kind: a counter stays a counter,
/// a histogram gets the buckets its advice names. Observable instruments are read at scrape time; a series whose
/// reading is missing this time (an unreadable file) is unpublished rather than left at its old value. The series
/// store and the writer are ours (<see cref="MetricFamily"/>, <see cref="PrometheusText"/>): prometheus-net did this
/// before, and its code was a measurable share of the AOT binary's resident pages (docs/packaging.md).
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [.. Core.Metrics.OperationProfiler.MillisecondBuckets];

    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, MetricFamily> _families = [];
    private readonly List<MetricFamily> _order = [];
    private readonly Lock _familiesLock = new();
    private readonly SemaphoreSlim _scrape = new(1, 1);

    public PrometheusExporter(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InferenceEngine.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Reads the observable instruments and writes every family to <paramref name="destination"/>.</summary>
    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        await _scrape.WaitAsync(cancellationToken);
        byte[] body;
        try
        {
            MetricFamily[] families;
            lock (_familiesLock)
            {
                families = [.. _order];
            }

            foreach (MetricFamily family in families)
            {
                family.Unpublish();
            }

            _listener.RecordObservableInstruments();

            // Families the observable read just created are in the list now; take it again.
            lock (_familiesLock)
            {
                families = [.. _order];
            }

            var text = new StringBuilder(16 * 1024);
            foreach (MetricFamily family in families)
            {
                family.Write(text);
            }

            body = Encoding.UTF8.GetBytes(text.ToString());
        }
        finally
        {
            _scrape.Release();
        }

        await destination.WriteAsync(body, cancellationToken);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _scrape.Dispose();
    }

    /// <summary>
    /// Runs on the thread that recorded (a batch worker, the sampler): a measurement the series cannot take (a
    /// negative counter step, a changed label set) is dropped there, never thrown into that thread.
    /// </summary>
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Label names in a fixed order, so one label set is one series whatever order the tags came in.
        var sorted = new KeyValuePair<string, string>[tags.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            sorted[i] = new(tags[i].Key.Replace('.', '_'), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        }

        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        string labelNames = string.Join('\u001f', sorted.Select(static l => l.Key));
        Family(instrument, labelNames).Record(labelNames, PrometheusText.Labels(sorted), value);
    }

    private MetricFamily Family(Instrument instrument, string labelNames)
    {
        lock (_familiesLock)
        {
            if (!_families.TryGetValue(instrument, out MetricFamily? family))
            {
                family = Create(instrument, labelNames);
                _families.Add(instrument, family);
                _order.Add(family);
            }

            return family;
        }
    }

    private static MetricFamily Create(Instrument instrument, string labelNames)
    {
        string help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
        MetricKind kind = instrument switch
        {
            Counter<long> or Counter<double> or Counter<int> or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int> => MetricKind.Counter,
            Histogram<double> or Histogram<long> or Histogram<int> => MetricKind.Histogram,
            _ => MetricKind.Gauge,
        };
        string name = PrometheusNames.For(instrument.Name, instrument.Unit, counter: kind == MetricKind.Counter);
        return new MetricFamily(name, help, kind, instrument.IsObservable, labelNames, kind == MetricKind.Histogram ? Buckets(instrument) : []);
    }

    private static double[] Buckets(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
        _ => DefaultBuckets,
    };
}
