using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiTune.Api;
using PiTune.Configuration;
using PiTune.Core.Metrics;
using PiTune.Core.Sampling;
using PiTune.Hosting;
using PiTune.Inference;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Linux.Files;
using PiTune.Linux.Tuning;
using PiTune.Telemetry;
using PiTune.Tests.Support;

namespace PiTune.Tests.Api;

/// <summary>The inference engine and the API service in process, over a real Unix socket in a temp folder.</summary>
internal sealed class ApiTestServer : IAsyncDisposable
{
    public const int ItemElements = 3 * 48 * 192;

    private readonly TempDirectory _dir = new("pitune-api");
    private readonly ILoggerFactory _loggers;
    private readonly ServiceProvider _meters;

    private ApiTestServer(ApiOptions api, IEnumerable<ModelOptions> models)
    {
        Api = api;
        Api.SocketPath = api.SocketPath.Length > 0 ? api.SocketPath : _dir.Combine("pitune.sock");
        // Microsoft's categories at Warning, as the daemon sets them (PiTuneHost): Kestrel's per-request lines are not the daemon's.
        _loggers = LoggerFactory.Create(b => b.AddProvider(Log).AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning));
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = _meters.GetRequiredService<IMeterFactory>();
        Pool = new BufferPool(256L << 20);
        Engine = new InferenceEngine(new InferenceOptions { Models = [.. models] }, Pool, TimeProvider.System, _loggers.CreateLogger<InferenceEngine>(), meterFactory);
        Files = new RootedSysFiles(_dir.Combine("root"));
        Ledger = TuningLedger.Open(Files, new StateOptions { Directory = _dir.Combine("state") }, TimeProvider.System, _loggers.CreateLogger<TuningLedger>());
        var thresholds = new FixedOptionsMonitor<OptimizationThresholds>(new OptimizationThresholds());
        Instruments = new PiTuneInstruments(meterFactory, Bus, thresholds, TimeProvider.System);
        Exporter = new PrometheusExporter(meterFactory);
        var run = new RunContext(new ConfigSource(null, "test"), TimeProvider.System, null, 1, null);
        var sampling = new FixedOptionsMonitor<SamplingOptions>(new SamplingOptions());
        History = new SnapshotHistory(sampling);
        var status = new StatusEndpoints(new StatusWriter(Bus, Ledger, Files, Engine, Pool, thresholds, run), Exporter, new HistoryWriter(History, sampling, run));
        Service = new ApiService(new FixedOptionsMonitor<ApiOptions>(Api), Engine, Pool, status, WallClock.Real, _loggers);
        Client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Api.SocketPath), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://localhost") };
    }

    public ApiOptions Api { get; }

    public MetricsBus Bus { get; } = new();

    public RootedSysFiles Files { get; }

    public TuningLedger Ledger { get; }

    public PiTuneInstruments Instruments { get; }

    public PrometheusExporter Exporter { get; }

    /// <summary>The ring behind /status/history; a test records into it as the sampler would.</summary>
    public SnapshotHistory History { get; }

    public LineLoggerProvider Log { get; } = new();

    public BufferPool Pool { get; }

    public InferenceEngine Engine { get; }

    public ApiService Service { get; }

    public HttpClient Client { get; }

    public TempDirectory Directory => _dir;

    public static string ModelPath { get; } = Path.Join(AppContext.BaseDirectory, "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    /// <summary>The bundled classifier with Triton's batching exactly (no adaptive delay), so a test can hold requests in the queue.</summary>
    public static ModelOptions Classifier(string name = "cls", int maxBatch = 8, TimeSpan? delay = null, int queue = 64) => new()
    {
        AdaptiveDelay = false,
        Name = name,
        Path = ModelPath,
        InputShape = [3, 48, 192],
        MaxBatchSize = maxBatch,
        MaxQueueDelay = delay ?? TimeSpan.FromMilliseconds(2),
        MaxQueueSize = queue,
        IntraOpThreads = 1,
        WarmupRuns = 0,
    };

    public static async Task<ApiTestServer> StartAsync(params ModelOptions[] models) => await StartAsync(new ApiOptions { SocketPath = "" }, models);

    public static async Task<ApiTestServer> StartAsync(ApiOptions api, params ModelOptions[] models)
    {
        var server = new ApiTestServer(api, models);
        server.Engine.LoadAll(CancellationToken.None);
        await server.Service.StartAsync(CancellationToken.None);
        return server;
    }

    public static float[] Values(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows * ItemElements).Select(_ => (float)random.NextDouble())];
    }

    public static object JsonInfer(int rows, float[] data, object? parameters = null) => new
    {
        parameters,
        inputs = new[] { new { name = "x", shape = new[] { rows, 3, 48, 192 }, datatype = "FP32", data } },
    };

    public Task<HttpResponseMessage> InferJsonAsync(string model, object request) =>
        Client.PostAsJsonAsync($"/v2/models/{model}/infer", request);

    public async Task<HttpResponseMessage> InferBinaryAsync(string model, int rows, float[] data, bool binaryOutput = true)
    {
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = "x", shape = new[] { rows, 3, 48, 192 }, datatype = "FP32", parameters = new { binary_data_size = data.Length * 4 } } },
            parameters = new { binary_data_output = binaryOutput },
        });
        byte[] body = [.. header, .. System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray()];
        var content = new ByteArrayContent(body);
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await Client.PostAsync($"/v2/models/{model}/infer", content);
    }

    public static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("error").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Service.StopAsync(CancellationToken.None);
        await Service.DisposeAsync();
        Engine.Dispose();
        Exporter.Dispose();
        Pool.Dispose();
        _meters.Dispose();
        _loggers.Dispose();
        _dir.Dispose();
    }
}
