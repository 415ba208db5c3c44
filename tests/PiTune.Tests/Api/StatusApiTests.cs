using System.Globalization;
using System.Text.Json;

namespace PiTune.Tests.Api;

/// <summary><c>GET /status</c> and <c>GET /metrics</c> over a real Unix socket.</summary>
public sealed class StatusApiTests
{
    [Fact]
    public async Task Status_reports_the_snapshot_the_models_the_pool_and_what_PiTune_changed()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        server.Bus.Publish(StatusFixture.Snapshot());
        StatusFixture.ChangeGovernor(server);

        using JsonDocument doc = JsonDocument.Parse(await server.Client.GetStringAsync("/status"));
        JsonElement s = doc.RootElement;

        Assert.False(string.IsNullOrEmpty(s.GetProperty("version").GetString()));
        Assert.Equal("test", s.GetProperty("config_source").GetString());
        Assert.Equal(42, s.GetProperty("snapshot").GetProperty("sequence").GetInt64());
        Assert.Equal(2_000_000, s.GetProperty("cpu").GetProperty("thermal_cap_khz").GetInt64());
        JsonElement policy = s.GetProperty("cpu").GetProperty("policies")[0];
        Assert.Equal("performance", policy.GetProperty("governor").GetString());
        Assert.Equal(90, policy.GetProperty("seconds_per_governor").GetProperty("ondemand").GetDouble());
        JsonElement thermal = s.GetProperty("thermal");
        Assert.Equal(61.5, thermal.GetProperty("temperature_c").GetDouble());
        Assert.Equal("throttling", thermal.GetProperty("state").GetString());
        Assert.True(thermal.GetProperty("fan").GetProperty("controlled_by_pitune").GetBoolean());
        Assert.Equal("0x10008", thermal.GetProperty("throttle").GetProperty("raw").GetString());
        Assert.False(thermal.GetProperty("throttle").GetProperty("under_voltage").GetProperty("now").GetBoolean());
        Assert.True(thermal.GetProperty("throttle").GetProperty("under_voltage").GetProperty("since_boot").GetBoolean());
        Assert.True(thermal.GetProperty("throttle").GetProperty("soft_temperature_limit").GetProperty("now").GetBoolean());
        Assert.Equal("normal", s.GetProperty("memory").GetProperty("pressure_state").GetString());
        Assert.Equal(256L << 20, s.GetProperty("pool").GetProperty("budget_bytes").GetInt64());
        Assert.Equal(80, s.GetProperty("optimization").GetProperty("thresholds").GetProperty("cpu_percent").GetDouble());
        Assert.True(s.GetProperty("optimization").GetProperty("is_optimized").GetBoolean());

        JsonElement model = s.GetProperty("models")[0];
        Assert.Equal("cls", model.GetProperty("name").GetString());
        Assert.Equal("ready", model.GetProperty("state").GetString());
        Assert.Equal("CPU", model.GetProperty("provider").GetString());
        Assert.Equal(0, model.GetProperty("queue_depth").GetInt32());
        Assert.True(model.TryGetProperty("latency_ms", out _));

        JsonElement change = Assert.Single(s.GetProperty("changes").EnumerateArray());
        Assert.Equal("/" + StatusFixture.GovernorPath, change.GetProperty("path").GetString());
        Assert.Equal("ondemand", change.GetProperty("original").GetString());
        Assert.Equal("performance", change.GetProperty("current").GetString());
    }

    [Fact]
    public async Task Status_before_the_first_tick_says_there_is_no_snapshot_yet()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync();

        using JsonDocument doc = JsonDocument.Parse(await server.Client.GetStringAsync("/status"));

        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("snapshot").ValueKind);
        Assert.Empty(doc.RootElement.GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task Metrics_are_Prometheus_text_with_snapshot_gauges_histograms_and_counters()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync();
        server.Bus.Publish(StatusFixture.Snapshot(temperature: 61.5));
        server.Instruments.SamplingTick.Record(TimeSpan.FromMilliseconds(3));
        server.Instruments.SamplingTick.Record(TimeSpan.FromMilliseconds(40));
        server.Instruments.GovernorChanged("policy0", "performance");

        using HttpResponseMessage response = await server.Client.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();
        var metrics = Parse(text);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE pitune_thermal_temperature_celsius gauge", text, StringComparison.Ordinal);
        Assert.Equal(61.5, metrics["pitune_thermal_temperature_celsius"]);
        Assert.Equal(2_000_000, metrics["pitune_cpu_thermal_cap_kilohertz"]);
        Assert.Equal(1, metrics["pitune_firmware_throttle{flag=\"soft_temperature_limit\",when=\"now\"}"]);
        Assert.Equal(90, metrics["pitune_cpu_governor_time_seconds_total{governor=\"ondemand\",policy=\"policy0\"}"]);

        Assert.Contains("# TYPE pitune_sampling_tick_duration_milliseconds histogram", text, StringComparison.Ordinal);
        Assert.Equal(1, metrics["pitune_sampling_tick_duration_milliseconds_bucket{le=\"5\"}"]);
        Assert.Equal(2, metrics["pitune_sampling_tick_duration_milliseconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal(43, metrics["pitune_sampling_tick_duration_milliseconds_sum"], 6);
        Assert.Equal(2, metrics["pitune_sampling_tick_duration_milliseconds_count"]);

        Assert.Contains("# TYPE pitune_governor_changes_total counter", text, StringComparison.Ordinal);
        Assert.Equal(1, metrics["pitune_governor_changes_total{governor=\"performance\",policy=\"policy0\"}"]);
        Assert.Contains("# TYPE pitune_thermal_throttle_episodes_total counter", text, StringComparison.Ordinal);
        Assert.Equal(3, metrics["pitune_thermal_throttle_episodes_total"]);
    }

    [Fact]
    public async Task A_reading_that_could_not_be_taken_drops_out_of_the_metrics_instead_of_going_stale()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync();
        server.Bus.Publish(StatusFixture.Snapshot(temperature: 61.5));
        Assert.Contains("pitune_thermal_temperature_celsius", Parse(await server.Client.GetStringAsync("/metrics")).Keys);

        server.Bus.Publish(StatusFixture.Snapshot(temperature: null));
        var metrics = Parse(await server.Client.GetStringAsync("/metrics"));

        Assert.DoesNotContain("pitune_thermal_temperature_celsius", metrics.Keys);
        Assert.Equal(40, metrics["pitune_fan_duty_percent"]);
    }

    [Fact]
    public async Task Inference_requests_show_in_the_request_and_batch_histograms()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        using HttpResponseMessage infer = await server.InferBinaryAsync("cls", 1, ApiTestServer.Values(1, seed: 3));
        infer.EnsureSuccessStatusCode();

        var metrics = Parse(await server.Client.GetStringAsync("/metrics"));

        Assert.Equal(1, metrics["pitune_inference_request_duration_milliseconds_count"]);
        Assert.Equal(1, metrics["pitune_inference_batch_duration_milliseconds_count"]);
        Assert.Equal(1, metrics["pitune_inference_batch_size_count"]);
    }

    /// <summary>Sample lines of the text format: <c>name{labels} value</c>, keyed by everything before the value.</summary>
    internal static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int space = line.LastIndexOf(' ');
            string value = line[(space + 1)..];
            samples[line[..space]] = value switch
            {
                "+Inf" => double.PositiveInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
        }

        return samples;
    }
}
