using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;
using PiTune.TestSupport;

namespace PiTune.Tests.EndToEnd;

/// <summary>
/// The daemon with a HailoRT model on the fake libhailort (tests/native/fakehailort): served over the API (values
/// checked against the fake's device op), driven by <c>pitune bench</c>, shown by <c>pitune status</c>; each failure mode
/// a state that says why; the library or chip appearing late picked up; the ONNX fallback under the same name. Runs
/// against the JIT build or, with TEST_PITUNE_BINARY, the Native AOT binary (tests/aot/run.sh).
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class HailoDaemonTests : IDisposable
{
    private const string Tiny = "tiny";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private static readonly FakeHailort.Output Zeta = new("zeta", 1, 1, 4, 128f, 0.5f, "add", 3);
    private static readonly FakeHailort.Output Alpha = new("alpha", 1, 1, 2, 0f, 0.25f, "sum");
    private readonly TempDirectory _dir = new();
    private readonly FakeHailort.Control _control = new();

    public void Dispose()
    {
        _control.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_hef_is_served_over_json_and_binary_driven_by_bench_and_status_shows_the_chip()
    {
        _control.SetTemperatures(52.5f, 54f);
        using DaemonProcess daemon = Start(Config(TinyModel(), Classifier()));
        daemon.WaitForOutput($"Model {Tiny} ready on HailoRT HAILO8L", Limit);
        daemon.WaitForOutput("Model text-direction ready", Limit);
        using HttpClient client = Client();

        using (JsonDocument meta = await GetJsonAsync(client, $"/v2/models/{Tiny}"))
        {
            JsonElement m = meta.RootElement;
            Assert.Equal("hailort_hef", m.GetProperty("platform").GetString());
            Assert.Equal("ready", m.GetProperty("state").GetString());
            JsonElement input = m.GetProperty("inputs")[0];
            Assert.Equal("in", input.GetProperty("name").GetString());
            Assert.Equal("FP32", input.GetProperty("datatype").GetString());
            Assert.Equal([-1, 1, 1, 4], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            Assert.Equal(["zeta", "alpha"], m.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
            Assert.Equal("HailoRT HAILO8L", m.GetProperty("parameters").GetProperty("execution_provider").GetString());
        }

        float[] one = [-1f, 0f, 0.5f, 2f];
        Assert.Equal(Expected(one), await InferJsonAsync(client, one, rows: 1));
        float[] three = [1f, 2f, 3f, 4f, -4f, -3f, -2f, -1f, 0.25f, 0.5f, 8f, 60f];
        Assert.Equal(Expected(three), await InferBinaryAsync(client, three, rows: 3));

        // Concurrent clients: however the batcher groups them, each gets its own rows back.
        Task<float[]>[] concurrent = [.. Enumerable.Range(0, 24).Select(i => InferJsonAsync(client, Row(i), rows: 1))];
        float[][] results = await Task.WhenAll(concurrent);
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(Expected(Row(i)), results[i]);
        }

        using DaemonProcess bench = DaemonProcess.Start(["bench", "--model", Tiny, "--duration", "1s", "--concurrency", "4", "--socket", Socket]);
        Assert.Equal(0, bench.WaitForExit(Limit));
        Assert.Contains("requests/s", bench.Output, StringComparison.Ordinal);

        daemon.WaitForOutput("| HAILO8L 54.0 °C", Limit); // the tick line: the hotter sensor
        using DaemonProcess status = DaemonProcess.Start(["status", "--socket", Socket]);
        Assert.Equal(0, status.WaitForExit(Limit));
        Assert.Contains("HAILO8L, 52.5 °C / 54.0 °C (ts0 / ts1)", status.Output, StringComparison.Ordinal);
        Assert.Contains($"{Tiny}", status.Output, StringComparison.Ordinal);
        Assert.Contains("ready on HailoRT HAILO8L", status.Output, StringComparison.Ordinal);

        string metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("pitune_accelerator_chip_temperature_celsius{", metrics, StringComparison.Ordinal);
        Assert.Contains("sensor=\"ts1\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_library_the_model_says_why_the_onnx_model_serves_and_the_daemon_exits_0_at_for()
    {
        string empty = _dir.Combine("nolib");
        Directory.CreateDirectory(empty);
        using DaemonProcess daemon = Start(Config(TinyModel(), Classifier()), empty, "--for", "4s");

        Assert.Equal(0, daemon.WaitForExit(Limit));
        Assert.Contains("Model text-direction ready", daemon.Output, StringComparison.Ordinal);
        string said = $"Model {Tiny}: the Hailo chip cannot be used: libhailort not found";
        Assert.Equal(1, Count(daemon.Output, said));
        Assert.Contains("install hailo-all or set Inference:Hailo:LibraryPath", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_library_installed_late_and_the_chip_appearing_late_are_picked_up_without_a_restart()
    {
        string folder = _dir.Combine("lib");
        Directory.CreateDirectory(folder);
        _control.SetMode("no-device");
        using DaemonProcess daemon = Start(Config(TinyModel()), folder);
        daemon.WaitForOutput("API listening on", Limit);
        daemon.WaitForOutput($"Model {Tiny}: the Hailo chip cannot be used: libhailort not found", Limit);
        using HttpClient client = Client();
        using (JsonDocument meta = await GetJsonAsync(client, $"/v2/models/{Tiny}"))
        {
            Assert.Equal("unavailable", meta.RootElement.GetProperty("state").GetString());
            Assert.Contains("libhailort not found", meta.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.True(meta.RootElement.GetProperty("retry_in_s").GetInt64() >= 0);
        }

        // hailo-all installed: the library appears in the folder whole (copied beside it, then moved in).
        string staged = _dir.Combine("libhailort.so.4.23.0");
        File.Copy(FakeHailort.LibraryFile(), staged);
        File.Move(staged, Path.Join(folder, "libhailort.so.4.23.0"));
        daemon.WaitForOutput($"Model {Tiny}: the Hailo chip still cannot be used, now: hailo_create_vdevice: HAILO_OUT_OF_PHYSICAL_DEVICES (74)", Limit);
        using (DaemonProcess status = DaemonProcess.Start(["status", "--socket", Socket]))
        {
            Assert.Equal(0, status.WaitForExit(Limit));
            Assert.Contains("unavailable: hailo_create_vdevice: HAILO_OUT_OF_PHYSICAL_DEVICES (74)", status.Output, StringComparison.Ordinal);
            Assert.Contains("; retrying in ", status.Output, StringComparison.Ordinal);
        }

        // The driver loaded, the HAT found.
        _control.SetMode(null);
        daemon.WaitForOutput($"Model {Tiny} is on the Hailo chip now (HailoRT HAILO8L)", Limit);
        float[] one = [3f, 2f, 1f, 0f];
        Assert.Equal(Expected(one), await InferJsonAsync(client, one, rows: 1));
    }

    [Fact]
    public async Task The_onnx_fallback_serves_under_the_same_name_until_the_chip_appears()
    {
        _control.SetMode("no-device");
        JsonObject model = TinyModel();
        string fallback = Path.Join(RepoPaths.Root, "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");
        model["Fallback"] = fallback;
        model["InputShape"] = new JsonArray(3, 48, 192);
        using DaemonProcess daemon = Start(Config(model));
        daemon.WaitForOutput("API listening on", Limit);
        daemon.WaitForOutput($"the ONNX fallback {fallback} serves as {Tiny} meanwhile", Limit);
        using HttpClient client = Client();
        using (JsonDocument meta = await GetJsonAsync(client, $"/v2/models/{Tiny}"))
        {
            JsonElement m = meta.RootElement;
            Assert.Equal("ready", m.GetProperty("state").GetString());
            Assert.Equal("onnx", m.GetProperty("fallback").GetString());
            Assert.Equal("onnxruntime_onnx", m.GetProperty("platform").GetString());
            Assert.Contains("HAILO_OUT_OF_PHYSICAL_DEVICES", m.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        string classifierInput = """{"inputs":[{"name":"x","shape":[1,3,48,192],"datatype":"FP32","data":[""" +
            string.Join(',', Enumerable.Repeat("0.5", 3 * 48 * 192)) + "]}]}";
        using (HttpResponseMessage response = await client.PostAsync($"/v2/models/{Tiny}/infer", new StringContent(classifierInput, Encoding.UTF8, "application/json")))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        _control.SetMode(null);
        daemon.WaitForOutput($"Model {Tiny} is on the Hailo chip now (HailoRT HAILO8L) after ", Limit);
        daemon.WaitForOutput("failed tries; the ONNX fallback stops", Limit);
        using (JsonDocument meta = await GetJsonAsync(client, $"/v2/models/{Tiny}"))
        {
            Assert.Equal("hailort_hef", meta.RootElement.GetProperty("platform").GetString());
            Assert.False(meta.RootElement.TryGetProperty("fallback", out _));
        }

        float[] one = [0f, 0f, 1f, 1f];
        Assert.Equal(Expected(one), await InferJsonAsync(client, one, rows: 1));
    }

    [Fact]
    public async Task A_chip_gone_under_a_served_model_makes_it_unavailable_said_once_and_it_is_back_on_the_chip_when_the_chip_is()
    {
        using DaemonProcess daemon = Start(Config(TinyModel()));
        daemon.WaitForOutput($"Model {Tiny} ready on HailoRT HAILO8L", Limit);
        using HttpClient client = Client();

        _control.SetMode("gone");
        string json = """{"inputs":[{"name":"in","shape":[1,1,1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";
        using (HttpResponseMessage failed = await client.PostAsync($"/v2/models/{Tiny}/infer", new StringContent(json, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(500, (int)failed.StatusCode);
            Assert.Contains("HAILO_DRIVER_OPERATION_FAILED", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (JsonDocument meta = await GetJsonAsync(client, $"/v2/models/{Tiny}"))
        {
            Assert.Equal("unavailable", meta.RootElement.GetProperty("state").GetString());
        }

        _control.SetMode(null);
        daemon.WaitForOutput($"Model {Tiny} is on the Hailo chip now (HailoRT HAILO8L) after ", Limit);
        float[] one = [0f, 0f, 1f, 1f];
        Assert.Equal(Expected(one), await InferJsonAsync(client, one, rows: 1));
        Assert.Equal(1, Count(daemon.Output, "the Hailo chip can no longer run it"));
    }

    [Theory]
    [InlineData("corrupt", "disabled", "HAILO_HEF_FILE_CORRUPTED (91)")]
    [InlineData("two-inputs", "disabled", "PiTune serves one")]
    [InlineData("busy", "unavailable", "HAILO_OUT_OF_PHYSICAL_DEVICES (74)")]
    [InlineData("no-driver", "unavailable", "HAILO_DRIVER_NOT_INSTALLED (64)")]
    [InlineData("driver-version", "unavailable", "HAILO_INVALID_DRIVER_VERSION (76)")]
    [InlineData("version", "unavailable", "PiTune supports 4.21.0-4.23.x")]
    public async Task Each_failure_is_one_log_line_and_a_state_that_says_why_while_the_daemon_goes_on(string failure, string state, string reason)
    {
        JsonObject model = TinyModel();
        string hef = model["Path"]!.GetValue<string>();
        switch (failure)
        {
            case "corrupt":
                File.WriteAllText(hef, "FAKEHEF 1\narchitecture HAILO8L\ngroup tiny\ninput in 1 1\n");
                break;
            case "two-inputs":
                FakeHailort.WriteModel(hef, Tiny, "HAILO8L", [new("a", 1, 1, 4, 0f, 1f), new("b", 1, 1, 4, 0f, 1f)], [Zeta]);
                break;
            case "version":
                _control.SetVersion("4.19.0");
                break;
            default:
                _control.SetMode(failure);
                break;
        }

        string library = failure == "version" ? FakeHailort.LibraryDirectory("4.19.0") : FakeHailort.LibraryDirectory();
        using DaemonProcess daemon = Start(Config(model), library);
        daemon.WaitForOutput("API listening on", Limit);
        daemon.WaitForOutput($"Model {Tiny}", Limit);
        using HttpClient client = Client();
        using JsonDocument meta = await GetJsonAsync(client, $"/v2/models/{Tiny}");
        Assert.Equal(state, meta.RootElement.GetProperty("state").GetString());
        Assert.Contains(reason, meta.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(state, meta.RootElement.GetProperty("state_text").GetString()![..state.Length]);
        Assert.Equal(1, Count(daemon.Output, reason));
        using HttpResponseMessage live = await client.GetAsync("/v2/health/live");
        Assert.True(live.IsSuccessStatusCode);
    }

    private string Socket => _dir.Combine("sim/run/pitune/pitune.sock");

    private static float[] Row(int i) => [i * 0.5f, -i * 0.25f, 1f, i % 7];

    /// <summary>What the fake chip answers for rows of four floats: each row's "zeta" (input + 3 quantised) then each row's "alpha".</summary>
    private static float[] Expected(float[] input)
    {
        int rows = input.Length / 4;
        var expected = new List<float>();
        foreach (FakeHailort.Output output in (FakeHailort.Output[])[Zeta, Alpha])
        {
            for (int row = 0; row < rows; row++)
            {
                byte[] q = [.. input.Skip(row * 4).Take(4).Select(f => FakeHailort.Quantize(f, 128f, 0.5f))];
                expected.AddRange(FakeHailort.Expected(output, q).Select(b => FakeHailort.Dequantize(b, output.ZeroPoint, output.Scale)));
            }
        }

        return [.. expected];
    }

    private JsonObject TinyModel() => new()
    {
        ["Name"] = Tiny,
        ["Path"] = FakeHailort.WriteDefaultModel(_dir.Combine("tiny.hef")),
        ["MaxBatchSize"] = 8,
        ["WarmupRuns"] = 1,
    };

    private static JsonObject Classifier() => new()
    {
        ["Name"] = "text-direction",
        ["Path"] = Path.Join(RepoPaths.Root, "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx"),
        ["InputShape"] = new JsonArray(3, 48, 192),
        ["WarmupRuns"] = 1,
    };

    /// <summary>The sample configuration with these models, and retries quick enough for a test (0.2 s doubling to 1 s).</summary>
    private string Config(params JsonObject[] models)
    {
        JsonNode config = JsonNode.Parse(File.ReadAllText(RepoPaths.SampleConfig))!;
        config["Inference"]!["Models"] = new JsonArray([.. models]);
        config["Inference"]!["Hailo"] = new JsonObject { ["RetryInitial"] = "00:00:00.2", ["RetryMax"] = "00:00:01" };
        string path = _dir.Combine("appsettings.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private DaemonProcess Start(string config, string? library = null, params string[] extra) => DaemonProcess.Start(
        ["run", "--simulate", "--sim-root", _dir.Combine("sim"), "--sim-speed", "20", "--config", config, "--Log:Target=Console",
            $"--Inference:Hailo:LibraryPath={library ?? FakeHailort.LibraryDirectory()}", .. extra],
        new Dictionary<string, string> { [FakeHailort.ControlVariable] = _control.Path });

    private HttpClient Client() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, token) =>
        {
            var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), token);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://localhost") };

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        using HttpResponseMessage response = await client.GetAsync(path);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<float[]> InferJsonAsync(HttpClient client, float[] data, int rows)
    {
        string json = $$"""{"inputs":[{"name":"in","shape":[{{rows}},1,1,4],"datatype":"FP32","data":[{{string.Join(',', data.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""";
        using HttpResponseMessage response = await client.PostAsync($"/v2/models/{Tiny}/infer", new StringContent(json, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using JsonDocument doc = JsonDocument.Parse(text);
        JsonElement outputs = doc.RootElement.GetProperty("outputs");
        Assert.Equal("FP32", outputs[0].GetProperty("datatype").GetString());
        return [.. outputs.EnumerateArray().SelectMany(o => o.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()))];
    }

    private static async Task<float[]> InferBinaryAsync(HttpClient client, float[] data, int rows)
    {
        byte[] header = Encoding.UTF8.GetBytes(
            $$$"""{"inputs":[{"name":"in","shape":[{{{rows}}},1,1,4],"datatype":"FP32","parameters":{"binary_data_size":{{{data.Length * 4}}}}}],"parameters":{"binary_data_output":true}}""");
        var content = new ByteArrayContent([.. header, .. MemoryMarshal.AsBytes(data.AsSpan())]);
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using HttpResponseMessage response = await client.PostAsync($"/v2/models/{Tiny}/infer", content);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(body));
        int headerLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        return MemoryMarshal.Cast<byte, float>(body.AsSpan(headerLength)).ToArray();
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}
