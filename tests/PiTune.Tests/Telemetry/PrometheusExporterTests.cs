using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PiTune.Inference;
using PiTune.Telemetry;
using PiTune.Tests.Api;

namespace PiTune.Tests.Telemetry;

/// <summary>The text exposition our exporter writes: escaping, histograms, numbers, unpublished series, races.</summary>
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Meter _meter;
    private readonly PrometheusExporter _exporter;

    public PrometheusExporterTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _meter = factory.Create(InferenceEngine.MeterName);
        _exporter = new PrometheusExporter(factory);
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Label_values_are_escaped_names_sorted_and_help_escaped()
    {
        Counter<long> counter = _meter.CreateCounter<long>("test.escapes", "{thing}", "Back\\slash and\nnewline");
        counter.Add(2, new KeyValuePair<string, object?>("zone", "a\\b\"c\nd"), new KeyValuePair<string, object?>("app.name", 7));

        string[] lines = Lines(await ScrapeAsync());

        Assert.Equal(
        [
            "# HELP test_escapes_total Back\\\\slash and\\nnewline",
            "# TYPE test_escapes_total counter",
            "test_escapes_total{app_name=\"7\",zone=\"a\\\\b\\\"c\\nd\"} 2",
        ], lines);
    }

    [Fact]
    public async Task Histogram_buckets_are_cumulative_with_the_advised_bounds_and_Inf()
    {
        Histogram<double> histogram = _meter.CreateHistogram<double>("test.latency", "ms", "Latency", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10] });
        foreach (double v in new[] { 0.5, 1, 3, 7, 20 })
        {
            histogram.Record(v, new KeyValuePair<string, object?>("model", "cls"));
        }

        string[] lines = Lines(await ScrapeAsync());

        Assert.Equal(
        [
            "# HELP test_latency_milliseconds Latency",
            "# TYPE test_latency_milliseconds histogram",
            "test_latency_milliseconds_sum{model=\"cls\"} 31.5",
            "test_latency_milliseconds_count{model=\"cls\"} 5",
            "test_latency_milliseconds_bucket{model=\"cls\",le=\"1\"} 2",
            "test_latency_milliseconds_bucket{model=\"cls\",le=\"5\"} 3",
            "test_latency_milliseconds_bucket{model=\"cls\",le=\"10\"} 4",
            "test_latency_milliseconds_bucket{model=\"cls\",le=\"+Inf\"} 5",
        ], lines);
    }

    [Fact]
    public async Task Numbers_are_culture_invariant_with_the_formats_infinities_and_NaN()
    {
        _meter.CreateObservableGauge("test.values", () => new[]
        {
            new Measurement<double>(1.5, new KeyValuePair<string, object?>("v", "a")),
            new Measurement<double>(double.PositiveInfinity, new KeyValuePair<string, object?>("v", "b")),
            new Measurement<double>(double.NegativeInfinity, new KeyValuePair<string, object?>("v", "c")),
            new Measurement<double>(double.NaN, new KeyValuePair<string, object?>("v", "d")),
            new Measurement<double>(8443412480, new KeyValuePair<string, object?>("v", "e")),
        }, "1", "Values");
        CultureInfo before = CultureInfo.CurrentCulture;
        // The tests run in globalization-invariant mode: a culture that writes 1,5 and ∞ made by hand.
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.PositiveInfinitySymbol = "∞";
        comma.NumberFormat.NegativeInfinitySymbol = "-∞";
        CultureInfo.CurrentCulture = comma;
        string text;
        try
        {
            text = await ScrapeAsync();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        Assert.Equal(
        [
            "# HELP test_values Values",
            "# TYPE test_values gauge",
            "test_values{v=\"a\"} 1.5",
            "test_values{v=\"b\"} +Inf",
            "test_values{v=\"c\"} -Inf",
            "test_values{v=\"d\"} NaN",
            "test_values{v=\"e\"} 8443412480",
        ], Lines(text));
    }

    [Fact]
    public async Task An_observable_series_missing_at_this_scrape_is_left_out_and_a_counter_shows_the_observed_total()
    {
        var present = new List<string> { "policy0", "policy1" };
        double total = 5;
        _meter.CreateObservableGauge("test.frequency", () => present.Select(p =>
            new Measurement<double>(1_800_000, new KeyValuePair<string, object?>("policy", p))), "kHz", "Frequency");
        _meter.CreateObservableCounter("test.ticks", () => new Measurement<double>(total), "{tick}", "Ticks");

        string first = await ScrapeAsync();
        present.Remove("policy1");
        total = 7;
        string[] second = Lines(await ScrapeAsync());

        Assert.Contains("test_frequency_kilohertz{policy=\"policy1\"} 1800000", Lines(first));
        Assert.Contains("test_ticks_total 5", Lines(first));
        Assert.Equal(
        [
            "# HELP test_frequency_kilohertz Frequency",
            "# TYPE test_frequency_kilohertz gauge",
            "test_frequency_kilohertz{policy=\"policy0\"} 1800000",
            "# HELP test_ticks_total Ticks",
            "# TYPE test_ticks_total counter",
            "test_ticks_total 7",
        ], second);
    }

    [Fact]
    public async Task A_measurement_a_series_cannot_take_is_dropped_not_thrown_into_the_recording_thread()
    {
        Counter<double> counter = _meter.CreateCounter<double>("test.steps", "{step}", "Steps");
        counter.Add(2, new KeyValuePair<string, object?>("k", "a"));
        counter.Add(-1, new KeyValuePair<string, object?>("k", "a"));
        counter.Add(4, new KeyValuePair<string, object?>("other", "a"));

        Assert.Contains("test_steps_total{k=\"a\"} 2", Lines(await ScrapeAsync()));
        Assert.DoesNotContain(Lines(await ScrapeAsync()), l => l.Contains("other", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scrape_during_recording_sees_every_histogram_whole()
    {
        // Every observation is 1: in any consistent view _count, _sum, le="1" and le="+Inf" are the same number.
        Histogram<double> histogram = _meter.CreateHistogram<double>("test.race", "ms", "Race", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2] });
        const int PerWriter = 20_000;
        using var start = new Barrier(3);
        void Write()
        {
            start.SignalAndWait();
            for (int i = 0; i < PerWriter; i++)
            {
                histogram.Record(1);
            }
        }

        Task a = Task.Factory.StartNew(Write, TaskCreationOptions.LongRunning);
        Task b = Task.Factory.StartNew(Write, TaskCreationOptions.LongRunning);
        start.SignalAndWait();
        double last = 0;
        int scrapes = 0;
        while (!(a.IsCompleted && b.IsCompleted) || scrapes == 0)
        {
            last = AssertWhole(await ScrapeAsync(), last);
            scrapes++;
        }

        await Task.WhenAll(a, b);
        Assert.Equal(2 * PerWriter, AssertWhole(await ScrapeAsync(), last));
    }

    private static double AssertWhole(string text, double previous)
    {
        Dictionary<string, double> m = StatusApiTests.Parse(text);
        if (!m.TryGetValue("test_race_milliseconds_count", out double count))
        {
            return previous;
        }

        Assert.Equal(count, m["test_race_milliseconds_sum"]);
        Assert.Equal(0, m["test_race_milliseconds_bucket{le=\"0.5\"}"]);
        Assert.Equal(count, m["test_race_milliseconds_bucket{le=\"1\"}"]);
        Assert.Equal(count, m["test_race_milliseconds_bucket{le=\"2\"}"]);
        Assert.Equal(count, m["test_race_milliseconds_bucket{le=\"+Inf\"}"]);
        Assert.True(count >= previous, $"count went back from {previous} to {count}");
        return count;
    }

    private async Task<string> ScrapeAsync()
    {
        using var body = new MemoryStream();
        await _exporter.WriteAsync(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
