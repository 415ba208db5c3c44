using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PiTune.Inference;
using Prometheus;

namespace PiTune.Telemetry;

/// <summary>
/// <c>GET /metrics</c>: the <c>PiTune</c> meter in Prometheus text format. prometheus-net provides the registry and
/// the exposition format; this bridge feeds it from a <see cref="MeterListener"/> that listens to this daemon's
/// meter only (the factory's), keeping each instrument's kind: a counter stays a counter, a histogram gets the
/// buckets its advice names. (prometheus-net's own MeterAdapter turns every counter into a gauge and keeps its
/// names in static state.) Observable instruments are read at scrape time; a series whose reading is missing this
/// time (an unreadable file) is unpublished rather than left at its old value.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [.. Core.Metrics.OperationProfiler.MillisecondBuckets];

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly MetricFactory _factory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Collector> _collectors = new();
    private readonly ConcurrentDictionary<(Instrument, string), Gauge.Child> _observedGauges = new();
    private readonly SemaphoreSlim _scrape = new(1, 1);

    public PrometheusExporter(IMeterFactory meters)
    {
        _factory = Metrics.WithCustomRegistry(_registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InferenceEngine.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Reads the observable instruments and writes every series to <paramref name="destination"/>.</summary>
    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        await _scrape.WaitAsync(cancellationToken);
        try
        {
            foreach (Gauge.Child child in _observedGauges.Values)
            {
                child.Unpublish();
            }

            _listener.RecordObservableInstruments();
            await _registry.CollectAndExportAsTextAsync(destination, cancellationToken);
        }
        finally
        {
            _scrape.Release();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _scrape.Dispose();
    }

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // This runs on the thread that recorded (a batch worker, the sampler): a series that cannot take the value
        // (a negative counter step, a changed label set) is dropped, never thrown into that thread.
        try
        {
            Record(instrument, value, tags);
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Label names in a fixed order: prometheus-net keys a series by its label values in that order.
        KeyValuePair<string, object?>[] sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        string[] values = [.. sorted.Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")];
        Collector collector = _collectors.GetOrAdd(instrument, Create, sorted);
        switch (collector)
        {
            case Counter counter when instrument.IsObservable:
                counter.WithLabels(values).IncTo(value);
                break;
            case Counter counter:
                counter.WithLabels(values).Inc(value);
                break;
            case Histogram histogram:
                histogram.WithLabels(values).Observe(value);
                break;
            case Gauge gauge when instrument.IsObservable:
                Gauge.Child child = gauge.WithLabels(values);
                child.Set(value);
                _observedGauges.TryAdd((instrument, string.Join('\u001f', values)), child);
                break;
            case Gauge gauge:
                gauge.WithLabels(values).Inc(value);
                break;
        }
    }

    private Collector Create(Instrument instrument, KeyValuePair<string, object?>[] tags)
    {
        string[] labels = [.. tags.Select(t => t.Key.Replace('.', '_'))];
        string help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
        return instrument switch
        {
            Counter<long> or Counter<double> or Counter<int> or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int> =>
                _factory.CreateCounter(PrometheusNames.For(instrument.Name, instrument.Unit, counter: true), help, labels),
            Histogram<double> or Histogram<long> or Histogram<int> =>
                _factory.CreateHistogram(PrometheusNames.For(instrument.Name, instrument.Unit, counter: false), help, labels,
                    new HistogramConfiguration { Buckets = Buckets(instrument) }),
            _ => _factory.CreateGauge(PrometheusNames.For(instrument.Name, instrument.Unit, counter: false), help, labels),
        };
    }

    private static double[] Buckets(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
        _ => DefaultBuckets,
    };
}
