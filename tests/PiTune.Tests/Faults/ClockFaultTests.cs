using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Buffers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using PiTune.Api;
using PiTune.Configuration;
using PiTune.Core.Metrics;
using PiTune.Hosting;
using PiTune.Inference;
using PiTune.Inference.Batching;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Simulation;
using PiTune.Tests.Api;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;

namespace PiTune.Tests.Faults;

/// <summary>
/// Under <c>--simulate --sim-speed N</c> the simulated machine runs N times faster, but every duration a person reads
/// is wall time (DESIGN: two clocks, never mixed). In the daemon's own container, two fake clocks moved by different
/// amounts show which clock each figure follows; under the real binary, each figure is held to a wall-clock bound the
/// test measures itself, one the daemon cannot exceed whatever the load (its span lies inside the test's), so a
/// figure on the scaled clock (N times as long) fails and a wall-clock one never does.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed partial class ClockFaultTests : IDisposable
{
    private const int Speed = 20;
    private const int Requests = 8;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    // A latency percentile is reported as its histogram bucket's upper bound: up to 2^(1/8) above the true value.
    private static readonly double BucketSlack = Math.Pow(2, 1.0 / 8);

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task In_the_daemons_container_queue_delay_latency_request_rate_and_uptime_follow_the_wall_clock_not_the_machine_clock()
    {
        var machine = new FakeTimeProvider();
        var wall = new FakeTimeProvider();
        using var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Root"] = Pi5Layout.Write(_dir.Combine("pi5")),
            ["State:Directory"] = _dir.Combine("state"),
            ["Api:SocketPath"] = _dir.Combine("pitune.sock"),
            ["Log:Target"] = "Console",
            ["Priority:Nice"] = "0",
            ["Inference:Models:0:Name"] = "cls",
            ["Inference:Models:0:Path"] = ApiTestServer.ModelPath,
            ["Inference:Models:0:InputShape:0"] = "3",
            ["Inference:Models:0:InputShape:1"] = "48",
            ["Inference:Models:0:InputShape:2"] = "192",
            ["Inference:Models:0:MaxBatchSize"] = "8",
            ["Inference:Models:0:AdaptiveDelay"] = "false",
            ["Inference:Models:0:MaxQueueDelay"] = "00:00:01",
            ["Inference:Models:0:IntraOpThreads"] = "1",
            ["Inference:Models:0:WarmupRuns"] = "0",
        });
        using IHost host = PiTuneHost.Build(new RunContext(new ConfigSource(null, "test"), machine, null, 10, null, wall), configuration);
        StatusWriter status = host.Services.GetRequiredService<StatusWriter>();
        InferenceEngine engine = host.Services.GetRequiredService<InferenceEngine>();
        BufferPool pool = host.Services.GetRequiredService<BufferPool>();
        engine.LoadAll(CancellationToken.None);
        Assert.True(engine.TryGet("cls", out ModelEntry entry) && entry.Batcher is not null, entry.Error);

        Assert.Equal(RentStatus.Ok, pool.TryRent(ApiTestServer.ItemElements * sizeof(float), out PooledBuffer? input));
        input!.Bytes.Clear();
        var request = new InferenceRequest(input, 1, wall.GetUtcNow() + TimeSpan.FromMinutes(1));
        Assert.True(entry.Batcher!.TrySubmit(request));

        // One request waits out the 1 s queue delay. On the machine's clock 10 s pass, on the wall clock 1 s: only the
        // wall clock may send the batch, and the request waited 1 s.
        machine.Advance(TimeSpan.FromSeconds(10));
        wall.Advance(TimeSpan.FromSeconds(1));
        InferenceResult result = await request.Completion.WaitAsync(Limit);
        Assert.Equal(RequestStatus.Ok, result.Status);
        pool.Return(result.Output!);

        (double p50, _, _) = entry.Batcher.Statistics.LatencySinceStart();
        Assert.InRange(p50, 1000, 1000 * BucketSlack);
        var draft = new ResourceMetricsDraft();
        engine.Contribute(draft);
        Assert.Equal(1.0, draft.Accelerator.RequestsPerSecond);
        Assert.InRange(draft.Accelerator.LatencyP50Ms, 1000, 1000 * BucketSlack);

        var json = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            status.Write(w);
            w.WriteEndObject();
        }

        using JsonDocument doc = JsonDocument.Parse(json.WrittenMemory);
        Assert.Equal(1.0, doc.RootElement.GetProperty("uptime_seconds").GetDouble());
    }

    [Fact]
    public async Task At_sim_speed_20_warm_up_latency_busy_time_and_uptime_are_wall_clock()
    {
        string simRoot = _dir.Combine("sim");
        var sinceLaunch = Stopwatch.StartNew();
        using DaemonProcess daemon = DaemonProcess.Start(
            ["run", "--simulate", "--sim-root", simRoot, "--sim-speed", Speed.ToString(CultureInfo.InvariantCulture),
             "--config", RepoPaths.SampleConfig, "--Log:Target=Console", "--Sampling:LogEachTick=false"]);
        daemon.WaitForOutput("Model text-direction ready", Limit);
        double launchToReadyMs = sinceLaunch.Elapsed.TotalMilliseconds;
        Match warmUp = WarmUp().Match(daemon.Output);
        Assert.True(warmUp.Success, daemon.Output);
        double warmUpMs = double.Parse(warmUp.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(warmUpMs <= launchToReadyMs, $"warm-up reported as {warmUpMs} ms, but the daemon was launched only {launchToReadyMs:F0} ms before it said ready");

        using HttpClient client = UnixHttp.Client(Path.Join(simRoot, "run/pitune/pitune.sock"));
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(
            new { inputs = new[] { new { name = "x", shape = new[] { 1, 3, 48, 192 }, datatype = "FP32", data = new float[3 * 48 * 192] } } });
        double busyBefore = await BusySecondsAsync(client);
        var roundTrips = new List<double>();
        for (int i = 0; i < Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using HttpResponseMessage response = await client.PostAsync("/v2/models/text-direction/infer", new ByteArrayContent(body));
            roundTrips.Add(watch.Elapsed.TotalMilliseconds);

            // A 5 s deadline on the scaled clock is 250 ms of wall time: a loaded box would see 504s.
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        // One request at a time: each batch ran inside its request's round trip.
        double busyMs = (await BusySecondsAsync(client) - busyBefore) * 1000;
        Assert.True(busyMs <= roundTrips.Sum(), $"busy_seconds grew by {busyMs:F1} ms over requests whose round trips add up to {roundTrips.Sum():F1} ms");

        using JsonDocument status = JsonDocument.Parse(await client.GetStringAsync("/status"));
        double wallSeconds = sinceLaunch.Elapsed.TotalSeconds;
        JsonElement root = status.RootElement;
        double uptime = root.GetProperty("uptime_seconds").GetDouble();
        Assert.True(uptime <= wallSeconds + 0.05, $"uptime {uptime} s, but the daemon was launched {wallSeconds:F1} s ago");
        JsonElement model = root.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "text-direction");
        Assert.Equal(Requests, model.GetProperty("requests").GetInt64());
        double p50 = model.GetProperty("latency_ms").GetProperty("p50").GetDouble();
        Assert.True(p50 <= (roundTrips.Max() * BucketSlack) + 0.01, $"latency p50 {p50} ms, but no request took longer than {roundTrips.Max():F2} ms from send to answer");

        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
    }

    private static async Task<double> BusySecondsAsync(HttpClient client)
    {
        using JsonDocument stats = JsonDocument.Parse(await client.GetStringAsync("/v2/models/text-direction/stats"));
        return stats.RootElement.GetProperty("busy_seconds").GetDouble();
    }

    [GeneratedRegex(@"Model text-direction ready .*warm-up ([0-9.]+) ms")]
    private static partial Regex WarmUp();

    public void Dispose() => _dir.Dispose();
}
