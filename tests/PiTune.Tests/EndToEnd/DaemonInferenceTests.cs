using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>
/// The daemon's answers for the bundled model equal ONNX Runtime's own, run here in the test process on the same inputs,
/// to 1e-5. Run against whichever binary <see cref="DaemonProcess"/> starts: the JIT build, or with TEST_PITUNE_BINARY the
/// Native AOT binary the package ships (tests/aot/run.sh), which is how the AOT build's inference is proved.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class DaemonInferenceTests : IDisposable
{
    private const string Model = "text-direction";
    private const int ItemElements = 3 * 48 * 192;
    private const float Tolerance = 1e-5f;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Outputs_for_several_inputs_equal_onnx_runtime_in_process_over_json_and_binary()
    {
        string simRoot = _dir.Combine("sim");
        using DaemonProcess daemon = DaemonProcess.Start(
            ["run", "--simulate", "--sim-root", simRoot, "--sim-speed", "20", "--config", RepoPaths.SampleConfig, "--Log:Target=Console"]);
        daemon.WaitForOutput($"Model {Model} ready", Limit);
        using HttpClient client = UnixHttp.Client(Path.Join(simRoot, "run/pitune/pitune.sock"));
        using var reference = new InferenceSession(Path.Join(RepoPaths.Root, "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx"));

        // Four single items over JSON (constant, ramp and two seeded random images), then all four as one binary batch.
        float[][] items = [Constant(0.5f), Ramp(), Random(1), Random(2)];
        foreach (float[] item in items)
        {
            float[] expected = Reference(reference, [item]);
            float[] actual = await InferJsonAsync(client, item);
            AssertClose(expected, actual);
        }

        float[] batchExpected = Reference(reference, items);
        float[] batchActual = await InferBinaryAsync(client, items);
        AssertClose(batchExpected, batchActual);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"output {i}: daemon {actual[i]:R}, ONNX Runtime {expected[i]:R}");
        }
    }

    private static float[] Reference(InferenceSession session, float[][] items)
    {
        float[] flat = [.. items.SelectMany(i => i)];
        var input = new DenseTensor<float>(flat, [items.Length, 3, 48, 192]);
        string inputName = session.InputMetadata.Keys.Single();
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)]);
        return [.. results[0].AsTensor<float>()];
    }

    private static async Task<float[]> InferJsonAsync(HttpClient client, float[] item)
    {
        var json = new StringBuilder("""{"inputs":[{"name":"x","shape":[1,3,48,192],"datatype":"FP32","data":[""");
        json.AppendJoin(',', item.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        json.Append("]}]}");
        using HttpResponseMessage response = await client.PostAsync($"/v2/models/{Model}/infer", new StringContent(json.ToString(), Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using JsonDocument doc = JsonDocument.Parse(text);
        return [.. doc.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle())];
    }

    private static async Task<float[]> InferBinaryAsync(HttpClient client, float[][] items)
    {
        float[] flat = [.. items.SelectMany(i => i)];
        byte[] header = Encoding.UTF8.GetBytes(
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[" + items.Length + ",3,48,192],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":"
            + (flat.Length * 4) + "}}],\"parameters\":{\"binary_data_output\":true}}");
        var content = new ByteArrayContent([.. header, .. MemoryMarshal.AsBytes(flat.AsSpan())]);
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using HttpResponseMessage response = await client.PostAsync($"/v2/models/{Model}/infer", content);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(body));
        int headerLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        return MemoryMarshal.Cast<byte, float>(body.AsSpan(headerLength)).ToArray();
    }

    private static float[] Constant(float value) => Enumerable.Repeat(value, ItemElements).ToArray();

    private static float[] Ramp() => [.. Enumerable.Range(0, ItemElements).Select(i => (i % 192) / 191f * 2f - 1f)];

    private static float[] Random(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, ItemElements).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    public void Dispose() => _dir.Dispose();
}
