using System.Net;
using System.Text.Json;
using PiTune.Tests.Telemetry;

namespace PiTune.Tests.Api;

/// <summary><c>GET /status/history</c> over a real Unix socket.</summary>
public sealed class HistoryApiTests
{
    [Fact]
    public async Task History_lists_the_recorded_snapshots_oldest_first_with_their_readings_and_the_ring_size()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync();
        server.History.Record(SnapshotHistoryTests.At(1));
        server.History.Record(SnapshotHistoryTests.At(2, temperature: null));

        using JsonDocument doc = JsonDocument.Parse(await server.Client.GetStringAsync("/status/history"));
        JsonElement root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("interval_seconds").GetDouble());
        Assert.Equal(600, root.GetProperty("span_seconds").GetDouble());
        Assert.Equal(600, root.GetProperty("capacity").GetInt32());
        Assert.Equal(88, root.GetProperty("bytes_per_entry").GetInt32());
        JsonElement[] samples = [.. root.GetProperty("samples").EnumerateArray()];
        Assert.Equal([1L, 2], samples.Select(s => s.GetProperty("sequence").GetInt64()));
        JsonElement first = samples[0];
        Assert.Equal(50, first.GetProperty("temperature_c").GetDouble());
        Assert.Equal(1_800_000, first.GetProperty("current_khz").GetInt64());
        Assert.Equal(2_000_000, first.GetProperty("thermal_cap_khz").GetInt64());
        Assert.Equal(40, first.GetProperty("fan_duty_percent").GetDouble());
        Assert.Equal(3100, first.GetProperty("fan_rpm").GetInt32());
        Assert.Equal(37.5, first.GetProperty("cpu_percent").GetDouble());
        Assert.Equal(2, first.GetProperty("queue_depth").GetInt32());
        Assert.Equal(4.5, first.GetProperty("latency_ms").GetProperty("p95").GetDouble());
        Assert.Equal("0x10008", first.GetProperty("throttle").GetString());
        Assert.Equal(JsonValueKind.Null, samples[1].GetProperty("temperature_c").ValueKind);
    }

    [Fact]
    public async Task Since_returns_only_newer_snapshots_and_a_bad_query_is_a_400_that_names_it()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync();
        for (long i = 1; i <= 5; i++)
        {
            server.History.Record(SnapshotHistoryTests.At(i));
        }

        using (JsonDocument doc = JsonDocument.Parse(await server.Client.GetStringAsync("/status/history?since=3")))
        {
            Assert.Equal([4L, 5], doc.RootElement.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("sequence").GetInt64()));
        }

        using HttpResponseMessage bad = await server.Client.GetAsync("/status/history?seconds=-4");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal("seconds must be a number above 0 and at most 86400, was \"-4\"", error.RootElement.GetProperty("error").GetString());
    }
}
