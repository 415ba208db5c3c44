using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PiTune.Api;
using PiTune.Inference.Models;

namespace PiTune.Tests.Api;

/// <summary>The KServe v2 API over a real Unix socket, served by the real batcher on the bundled model.</summary>
public sealed class InferenceApiTests
{
    [Fact]
    public async Task Model_metadata_names_the_input_output_shapes_and_provider()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());

        using JsonDocument doc = JsonDocument.Parse(await server.Client.GetStringAsync("/v2/models/cls"));

        JsonElement input = doc.RootElement.GetProperty("inputs")[0];
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("[-1,3,48,192]", input.GetProperty("shape").GetRawText());
        Assert.Equal("[-1,2]", doc.RootElement.GetProperty("outputs")[0].GetProperty("shape").GetRawText());
        JsonElement parameters = doc.RootElement.GetProperty("parameters");
        Assert.Equal("CPU", parameters.GetProperty("execution_provider").GetString());
        Assert.Equal(2000, parameters.GetProperty("max_queue_delay_us").GetInt64());
        Assert.False(parameters.GetProperty("adaptive_delay").GetBoolean()); // the test server's batcher is Triton's exactly
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_JSON_request_gets_the_right_output_shape_and_binary_gets_the_same_numbers()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        float[] data = ApiTestServer.Values(2, seed: 7);

        using HttpResponseMessage json = await server.InferJsonAsync("cls", ApiTestServer.JsonInfer(2, data));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        JsonElement output = doc.RootElement.GetProperty("outputs")[0];
        Assert.Equal("[2,2]", output.GetProperty("shape").GetRawText());
        float[] fromJson = [.. output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle())];

        using HttpResponseMessage binary = await server.InferBinaryAsync("cls", 2, data);
        Assert.Equal(HttpStatusCode.OK, binary.StatusCode);
        byte[] body = await binary.Content.ReadAsByteArrayAsync();
        int headerLength = int.Parse(binary.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using JsonDocument header = JsonDocument.Parse(body.AsMemory(0, headerLength));
        Assert.Equal(16, header.RootElement.GetProperty("outputs")[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        float[] fromBinary = MemoryMarshal.Cast<byte, float>(body.AsSpan(headerLength)).ToArray();

        Assert.Equal(fromJson, fromBinary);
        Assert.Equal(1.0f, fromJson[0] + fromJson[1], 3);
    }

    [Fact]
    public async Task Nested_JSON_data_is_read_like_flat_data()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        float[] data = ApiTestServer.Values(1, seed: 3);
        var nested = new float[1][][][];
        nested[0] = [.. Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, 48).Select(h => data.AsSpan((((c * 48) + h) * 192), 192).ToArray()).ToArray())];

        using HttpResponseMessage flat = await server.InferJsonAsync("cls", ApiTestServer.JsonInfer(1, data));
        using HttpResponseMessage deep = await server.InferJsonAsync("cls", new { inputs = new[] { new { name = "x", shape = new[] { 1, 3, 48, 192 }, datatype = "FP32", data = nested } } });

        Assert.Equal(HttpStatusCode.OK, deep.StatusCode);
        Assert.Equal(await flat.Content.ReadAsStringAsync(), await deep.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Concurrent_requests_are_served_in_batches_larger_than_one()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier(maxBatch: 4, delay: TimeSpan.FromSeconds(10)));

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => server.InferBinaryAsync("cls", 1, ApiTestServer.Values(1, i))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        using JsonDocument stats = JsonDocument.Parse(await server.Client.GetStringAsync("/v2/models/cls/stats"));
        Assert.Equal("{\"4\":1}", stats.RootElement.GetProperty("batch_sizes").GetRawText());
    }

    [Fact]
    public async Task Bad_requests_get_400_naming_the_problem_while_valid_neighbours_in_the_batch_succeed()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier(maxBatch: 3, delay: TimeSpan.FromSeconds(10)));
        float[] one = ApiTestServer.Values(1, 1);
        float[] nan = [.. one];
        nan[5] = float.NaN;

        Task<HttpResponseMessage>[] valid = [.. Enumerable.Range(0, 3).Select(i => server.InferBinaryAsync("cls", 1, ApiTestServer.Values(1, i)))];
        (string Body, string Expected)[] bad =
        [
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48],\"datatype\":\"FP32\",\"data\":[1]}]}", "has shape [1,3,48]; the model takes [N,3,48,192]"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"INT64\",\"data\":[1]}]}", "has datatype INT64; the model takes FP32"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}", "has 3 values; shape [1,3,48,192] needs 27648"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192]", "malformed JSON"),
            ("{\"inputs\":[{\"name\":\"image\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"data\":[1]}]}", "unknown input \"image\"; the model takes \"x\""),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"data\":[\"a\"]}]}", "must hold only numbers"),
        ];
        HttpResponseMessage[] badResponses = await Task.WhenAll(bad.Select(b =>
            server.Client.PostAsync("/v2/models/cls/infer", new StringContent(b.Body, Encoding.UTF8, "application/json"))));
        using HttpResponseMessage nanResponse = await server.InferBinaryAsync("cls", 1, nan);

        for (int i = 0; i < bad.Length; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, badResponses[i].StatusCode);
            Assert.Contains(bad[i].Expected, await ApiTestServer.ErrorOf(badResponses[i]), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, nanResponse.StatusCode);
        Assert.Contains("holds NaN or infinity at element 5", await ApiTestServer.ErrorOf(nanResponse), StringComparison.Ordinal);
        HttpResponseMessage[] done = await Task.WhenAll(valid);
        Assert.All(done, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task Short_binary_data_and_an_unknown_model_are_refused_with_a_message()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());

        using HttpResponseMessage shortData = await server.InferBinaryAsync("cls", 2, ApiTestServer.Values(1, 1));
        using HttpResponseMessage unknown = await server.InferJsonAsync("nope", new { });

        Assert.Equal(HttpStatusCode.BadRequest, shortData.StatusCode);
        Assert.Contains("binary_data_size is 110592 bytes; shape [2,3,48,192] of FP32 needs 221184", await ApiTestServer.ErrorOf(shortData), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("unknown model \"nope\" (models: cls)", await ApiTestServer.ErrorOf(unknown), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_reaching_a_batcher_that_is_stopping_is_told_so_with_503_not_queue_full()
    {
        // The moment a HailoRT model's batcher is replaced (its fallback stopping as the chip takes over, a network the
        // chip lost): a request that took the old batcher finds it stopping.
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        Assert.True(server.Engine.TryGet("cls", out ModelEntry entry));
        entry.Batcher!.Dispose();

        using HttpResponseMessage refused = await server.InferBinaryAsync("cls", 1, ApiTestServer.Values(1, 1));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("model cls is stopping; try again", await ApiTestServer.ErrorOf(refused));
    }

    [Fact]
    public async Task A_full_queue_is_refused_at_once_with_503_and_Retry_After()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier(maxBatch: 8, delay: TimeSpan.FromSeconds(10), queue: 1));
        Task<HttpResponseMessage> queued = server.InferJsonAsync("cls", ApiTestServer.JsonInfer(1, ApiTestServer.Values(1, 1), new { timeout = 500_000 }));
        await WaitForQueueDepthAsync(server, 1);

        using HttpResponseMessage refused = await server.InferBinaryAsync("cls", 1, ApiTestServer.Values(1, 2));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("queue full (1 requests)", await ApiTestServer.ErrorOf(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await queued).StatusCode);
    }

    [Fact]
    public async Task A_request_whose_deadline_passes_in_the_queue_gets_504()
    {
        // A batch of one is formed only after the 2 s queue delay, long after the 50 ms deadline; the expired request
        // leaves the queue when the batcher next wakes (at that delay), which the generous wait below covers.
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier(maxBatch: 8, delay: TimeSpan.FromSeconds(2)));

        using HttpResponseMessage response = await server.InferJsonAsync("cls", ApiTestServer.JsonInfer(1, ApiTestServer.Values(1, 1), new { timeout = 50_000 }));

        // Two ends watch the deadline and either may see it first: the API's wait ("deadline of 50 ms passed before the
        // request ran") or, when the batcher's thread wakes late on a loaded box, the batcher dropping it from the queue
        // ("the request's deadline passed while it was queued"). Both are this answer: 504, the deadline, the request not run.
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Matches("^model cls: (deadline of 50 ms passed before the request ran|the request's deadline passed while it was queued)$",
            await ApiTestServer.ErrorOf(response));
        await WaitForQueueDepthAsync(server, 0);
        Assert.Equal(0, server.Engine.Models.Single().Batcher!.Statistics.Totals().Batches);
    }

    [Fact]
    public async Task A_corrupt_model_file_disables_only_that_model()
    {
        using var dir = new Support.TempDirectory();
        string corrupt = dir.WriteFile("bad.onnx", "this is not a model");
        Inference.Models.ModelOptions bad = ApiTestServer.Classifier("bad");
        bad.Path = corrupt;
        await using ApiTestServer server = await ApiTestServer.StartAsync(bad, ApiTestServer.Classifier("good"));

        using HttpResponseMessage badReady = await server.Client.GetAsync("/v2/models/bad/ready");
        using HttpResponseMessage badInfer = await server.InferBinaryAsync("bad", 1, ApiTestServer.Values(1, 1));
        using HttpResponseMessage goodInfer = await server.InferBinaryAsync("good", 1, ApiTestServer.Values(1, 1));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, badReady.StatusCode);
        Assert.Contains("model bad is disabled: ONNX Runtime cannot load " + corrupt, await ApiTestServer.ErrorOf(badReady), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, badInfer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, goodInfer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2/models/good/ready")).StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_socket_is_mode_0660_and_a_leftover_socket_file_is_replaced()
    {
        using var dir = new Support.TempDirectory();
        string path = dir.Combine("pitune.sock");

        // Bound but not listening, like the file a killed daemon leaves (.NET would unlink it on dispose).
        using var leftover = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        leftover.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));

        await using ApiTestServer server = await ApiTestServer.StartAsync(new ApiOptions { SocketPath = path }, ApiTestServer.Classifier());

        Assert.True(server.Service.IsListening);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(path));
        Assert.Contains(server.Log.Lines, l => l.Contains("Removed a socket left over from an earlier run", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2")).StatusCode);
    }

    [Fact]
    public async Task A_socket_directory_that_does_not_exist_is_logged_and_the_API_stays_down()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(new ApiOptions { SocketPath = "/nonexistent-pitune-dir/pitune.sock" }, ApiTestServer.Classifier());

        Assert.False(server.Service.IsListening);
        Assert.Contains(server.Log.Lines, l => l.Contains("API not started: the directory of Api:SocketPath /nonexistent-pitune-dir/pitune.sock does not exist", StringComparison.Ordinal));
    }

    /// <summary>Waits for the queue depth; the minute is only a safety net (a 10 s bound raced the batcher's own 10 s delay).</summary>
    private static async Task WaitForQueueDepthAsync(ApiTestServer server, int depth)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!server.Engine.TryGet("cls", out var entry) || entry.Batcher!.QueueDepth != depth)
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
