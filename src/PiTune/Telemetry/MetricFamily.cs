using System.Text;

namespace PiTune.Telemetry;

/// <summary>
/// One instrument's metric family: its name, HELP and TYPE, and its series in the order they first appeared. One
/// lock guards every series, so a measurement from a batch worker or the sampler and a scrape never interleave
/// inside a series: a scrape sees each histogram's buckets, sum and count from one moment.
/// </summary>
internal sealed class MetricFamily
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MetricSeries> _byLabels = new(StringComparer.Ordinal);
    private readonly List<MetricSeries> _series = [];
    private readonly string _labelNames;
    private readonly double[] _bounds;

    /// <param name="labelNames">The label names, sorted and joined: every series of a family has the same ones.</param>
    /// <param name="bounds">Histogram upper bounds, ascending, without <c>+Inf</c>; empty for the other kinds.</param>
    public MetricFamily(string name, string help, MetricKind kind, bool observable, string labelNames, double[] bounds)
    {
        Name = name;
        Help = help;
        Kind = kind;
        Observable = observable;
        _labelNames = labelNames;
        _bounds = kind == MetricKind.Histogram ? bounds : [];
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    /// <summary>Read at scrape time: a counter is set to the observed total, a gauge to the observed value.</summary>
    public bool Observable { get; }

    /// <summary>
    /// Applies one measurement. False (and nothing changes) when it cannot be taken: another label set than the
    /// family's, a negative counter step, a NaN observation.
    /// </summary>
    public bool Record(string labelNames, string labels, double value)
    {
        if (!string.Equals(labelNames, _labelNames, StringComparison.Ordinal))
        {
            return false;
        }

        lock (_lock)
        {
            switch (Kind)
            {
                case MetricKind.Counter when Observable:
                    Series(labels).Value = value;
                    break;
                case MetricKind.Counter:
                    if (!(value >= 0))
                    {
                        return false;
                    }

                    Series(labels).Value += value;
                    break;
                case MetricKind.Histogram:
                    if (double.IsNaN(value))
                    {
                        return false;
                    }

                    MetricSeries h = Series(labels);
                    int bucket = 0;
                    while (bucket < _bounds.Length && value > _bounds[bucket])
                    {
                        bucket++;
                    }

                    h.BucketCounts[bucket]++;
                    h.Count++;
                    h.Sum += value;
                    break;
                case MetricKind.Gauge when Observable:
                    Series(labels).Value = value;
                    break;
                default:
                    Series(labels).Value += value;
                    break;
            }

            return true;
        }
    }

    /// <summary>Before the observable instruments are read: a series that reports nothing this time is left out.</summary>
    public void Unpublish()
    {
        if (!Observable)
        {
            return;
        }

        lock (_lock)
        {
            foreach (MetricSeries series in _series)
            {
                series.Published = false;
            }
        }
    }

    /// <summary>
    /// HELP, TYPE and every published series. The HELP and TYPE lines stay when no series is published (as
    /// prometheus-net wrote them); a histogram writes <c>_sum</c>, <c>_count</c>, then the cumulative buckets.
    /// </summary>
    public void Write(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ');
        PrometheusText.AppendHelp(text, Help);
        text.Append("\n# TYPE ").Append(Name).Append(' ').Append(Kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        }).Append('\n');

        lock (_lock)
        {
            foreach (MetricSeries series in _series)
            {
                if (!series.Published)
                {
                    continue;
                }

                if (Kind != MetricKind.Histogram)
                {
                    Sample(text, Name, "", series.Labels, "", series.Value);
                    continue;
                }

                Sample(text, Name, "_sum", series.Labels, "", series.Sum);
                Sample(text, Name, "_count", series.Labels, "", series.Count);
                long cumulative = 0;
                for (int i = 0; i <= _bounds.Length; i++)
                {
                    cumulative += series.BucketCounts[i];
                    string le = PrometheusText.Number(i < _bounds.Length ? _bounds[i] : double.PositiveInfinity);
                    Sample(text, Name, "_bucket", series.Labels, le, cumulative);
                }
            }
        }
    }

    private MetricSeries Series(string labels)
    {
        if (!_byLabels.TryGetValue(labels, out MetricSeries? series))
        {
            series = new MetricSeries(labels, _bounds.Length + 1);
            _byLabels.Add(labels, series);
            _series.Add(series);
        }

        series.Published = true;
        return series;
    }

    private static void Sample(StringBuilder text, string name, string suffix, string labels, string le, double value)
    {
        text.Append(name).Append(suffix);
        if (labels.Length > 0 || le.Length > 0)
        {
            text.Append('{').Append(labels);
            if (le.Length > 0)
            {
                text.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(PrometheusText.Number(value)).Append('\n');
    }
}
