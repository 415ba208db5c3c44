using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PiTune.Api;
using PiTune.Tests.Api;

namespace PiTune.Tests.Faults;

/// <summary>
/// Hostile and broken requests over the API's real Unix socket (issue 10): each gets the exact status and
/// message a client mistake deserves — never a 500 — and at most one log line, never a stack.
/// </summary>
public sealed class ApiFaultTests
{
    private const string Infer = "/v2/models/cls/infer";
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_body_shorter_than_its_Content_Length_gets_400_or_is_dropped_with_one_line()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        int logged = server.Log.Lines.Count;
        using RawHttpConnection connection = await RawHttpConnection.OpenAsync(server.Api.SocketPath);

        // Ten bytes of a thousand, then the end of the stream. Kestrel both reads the end (the body is short: 400)
        // and takes the half-close for the client leaving (it aborts the request, and the 400 may never go out);
        // which comes first is Kestrel's race, not ours. Either way: never a 500, exactly one line, no stack.
        await connection.SendAsync([.. RawHttpConnection.PostHead(Infer, 1000), .. "{\"inputs\":"u8]);
        connection.EndSending();
        RawHttpResponse? response = await connection.ReadResponseOrNothingAsync();

        // The close can reach the client before the handler has logged: wait for its line, then look at all.
        await WaitForLineAsync(server, logged, l => l.Contains(" 3207 ", StringComparison.Ordinal) || l.Contains(" 3208 ", StringComparison.Ordinal));
        string[] lines = NewLines(server, logged);
        string refused = "Information 3207 API request POST /v2/models/cls/infer refused with 400: bad request body: Unexpected end of request content.";
        if (response is null)
        {
            // Aborted before the read saw the end, or after: the 400 was then written to a connection already gone.
            string gone = "Information 3208 API request POST /v2/models/cls/infer: the client closed the connection before its body was read";
            Assert.Single(lines);
            Assert.Contains(lines[0], new[] { gone, refused });
        }
        else
        {
            Assert.Equal(400, response.Status);
            Assert.Equal(Error("bad request body: Unexpected end of request content."), response.Body);
            Assert.Equal([refused], lines);
        }
    }

    [Fact]
    public async Task A_body_longer_than_its_Content_Length_is_cut_there_and_the_rest_is_refused_as_a_request()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        int logged = server.Log.Lines.Count;
        using RawHttpConnection connection = await RawHttpConnection.OpenAsync(server.Api.SocketPath);

        await connection.SendAsync([.. RawHttpConnection.PostHead(Infer, 5), .. "{\"inputs\":[]}\r\n\r\n"u8]);
        RawHttpResponse cut = await connection.ReadResponseAsync();
        RawHttpResponse rest = await connection.ReadResponseAsync();

        Assert.Equal(400, cut.Status);
        Assert.StartsWith("{\"error\":\"malformed JSON: ", cut.Body, StringComparison.Ordinal);
        Assert.Equal(400, rest.Status); // Kestrel's own answer to `uts":[]}` as a request line
        Assert.Equal("", rest.Body);
        Assert.True(await connection.IsClosedByServerAsync());
        Assert.Empty(NewLines(server, logged));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413_like_a_declared_one()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(new ApiOptions { SocketPath = "", MaxRequestBodyMB = 1 }, ApiTestServer.Classifier());
        int logged = server.Log.Lines.Count;

        RawHttpResponse chunked = await SendChunkedAsync(server, 20 * 64 * 1024);
        using RawHttpConnection connection = await RawHttpConnection.OpenAsync(server.Api.SocketPath);
        await connection.SendAsync(RawHttpConnection.PostHead(Infer, MiB + 1));
        RawHttpResponse declared = await connection.ReadResponseAsync();

        string expected = "the request body is larger than Api:MaxRequestBodyMB (1 MiB)";
        BodyBudget bodies = server.Service.Bodies!;
        Assert.InRange(bodies.PeakBytes, 1, MiB); // 1.25 MiB sent, never more than the limit held
        Assert.Equal(0, bodies.BytesInFlight);   // freed before the answer went out
        Assert.Equal(413, chunked.Status);
        Assert.Equal(Error(expected), chunked.Body);
        Assert.Equal(413, declared.Status);
        Assert.Equal(Error(expected), declared.Body);
        string line = "Information 3207 API request POST /v2/models/cls/infer refused with 413: " + expected;
        Assert.Equal([line, line], NewLines(server, logged));
    }

    [Fact]
    public async Task Oversize_bodies_in_parallel_all_get_413()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(new ApiOptions { SocketPath = "", MaxRequestBodyMB = 1 }, ApiTestServer.Classifier());
        int logged = server.Log.Lines.Count;

        RawHttpResponse[] responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendChunkedAsync(server, 20 * 64 * 1024)));

        Assert.All(responses, r => Assert.Equal(413, r.Status));
        Assert.InRange(server.Service.Bodies!.PeakBytes, 1, 4 * MiB);
        Assert.Equal(0, server.Service.Bodies.BytesInFlight);
        Assert.Equal(4, NewLines(server, logged).Count(l => l.StartsWith("Information 3207 ", StringComparison.Ordinal)));
        Assert.Equal(4, NewLines(server, logged).Length);
    }

    [Fact]
    public async Task Bodies_beyond_the_budget_get_503_with_Retry_After_and_the_budget_comes_back()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(new ApiOptions { SocketPath = "", MaxRequestBodyMB = 1, RequestBodyBudgetMB = 2 }, ApiTestServer.Classifier());
        BodyBudget bodies = server.Service.Bodies!;
        int logged = server.Log.Lines.Count;

        // Two bodies of 1 MiB, all but their last byte sent: their handlers hold the whole budget between them.
        RawHttpConnection[] held = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RawHttpConnection.OpenAsync(server.Api.SocketPath)));
        foreach (RawHttpConnection connection in held)
        {
            await connection.SendAsync([.. RawHttpConnection.PostHead(Infer, MiB), .. new byte[MiB - 1]]);
        }

        await WaitUntilAsync(() => bodies.BytesInFlight == 2 * MiB);
        using RawHttpConnection third = await RawHttpConnection.OpenAsync(server.Api.SocketPath);
        await third.SendAsync(RawHttpConnection.PostHead(Infer, 1000));
        RawHttpResponse refused = await third.ReadResponseAsync();
        string[] lines = NewLines(server, logged);
        foreach (RawHttpConnection connection in held)
        {
            connection.Dispose();
        }

        await WaitUntilAsync(() => bodies.BytesInFlight == 0);

        Assert.Equal(503, refused.Status);
        Assert.Equal("1", refused.Headers["Retry-After"]);
        string expected = "request bodies being read fill Api:RequestBodyBudgetMB (2 MiB); try again";
        Assert.Equal(Error(expected), refused.Body);
        Assert.Equal(["Information 3207 API request POST /v2/models/cls/infer refused with 503: " + expected], lines);
        Assert.Equal(2 * MiB, bodies.PeakBytes);
    }

    [Fact]
    public async Task A_body_that_arrives_too_slowly_gets_408_and_one_info_line()
    {
        // Kestrel's rate (240 bytes/s) with a grace of 1.5 s instead of 5 (Kestrel wants more than its 1 s heartbeat).
        var rate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(240, TimeSpan.FromSeconds(1.5));
        await using ApiTestServer server = await ApiTestServer.StartAsync(new ApiOptions { SocketPath = "", MinRequestBodyDataRate = rate }, ApiTestServer.Classifier());
        int logged = server.Log.Lines.Count;
        using RawHttpConnection connection = await RawHttpConnection.OpenAsync(server.Api.SocketPath);

        // Ten bytes of a thousand, then nothing: whatever the machine's speed, Kestrel's data-rate check fires.
        await connection.SendAsync([.. RawHttpConnection.PostHead(Infer, 1000), .. "{\"inputs\":"u8]);
        RawHttpResponse response = await connection.ReadResponseAsync();

        Assert.Equal(408, response.Status);
        Assert.Equal(Error("the request body arrived slower than 240 bytes/s"), response.Body);
        Assert.Equal(["Information 3207 API request POST /v2/models/cls/infer refused with 408: the request body arrived slower than 240 bytes/s"], NewLines(server, logged));
    }

    [Fact]
    public async Task Overflowing_and_wrongly_typed_fields_get_400_naming_the_field()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        int logged = server.Log.Lines.Count;
        string input = "\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"data\":[1]";
        string timeout = "parameter \"timeout\" must be a whole number of microseconds from 1 to 922337203685477580";
        (string Body, string Expected)[] cases =
        [
            ($"{{\"parameters\":{{\"timeout\":9223372036854775807}},\"inputs\":[{{{input}}}]}}", timeout),
            ($"{{\"parameters\":{{\"timeout\":922337203685477581}},\"inputs\":[{{{input}}}]}}", timeout),
            ($"{{\"parameters\":{{\"timeout\":0}},\"inputs\":[{{{input}}}]}}", timeout),
            ($"{{\"parameters\":{{\"timeout\":-1}},\"inputs\":[{{{input}}}]}}", timeout),
            ($"{{\"parameters\":{{\"timeout\":1.5}},\"inputs\":[{{{input}}}]}}", timeout),
            ($"{{\"parameters\":{{\"timeout\":1e400}},\"inputs\":[{{{input}}}]}}", timeout),
            ($"{{\"parameters\":{{\"timeout\":\"10\"}},\"inputs\":[{{{input}}}]}}", timeout),
            ($"{{\"parameters\":[],\"inputs\":[{{{input}}}]}}", "\"parameters\" must be an object"),
            ("{\"inputs\":{}}", "\"inputs\" must be an array"),
            ("{\"inputs\":[5]}", "each input must be an object"),
            ("{\"inputs\":[{\"name\":5,\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"data\":[1]}]}", "input \"name\" must be a string"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":[\"FP32\"],\"data\":[1]}]}", "\"datatype\" of input \"x\" must be a string"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":\"1,3,48,192\",\"datatype\":\"FP32\",\"data\":[1]}]}", "\"shape\" of input \"x\" must be an array of whole numbers"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1.5,3,48,192],\"datatype\":\"FP32\",\"data\":[1]}]}", "\"shape\" of input \"x\" must be an array of whole numbers"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[9223372036854775807,3,48,192],\"datatype\":\"FP32\",\"data\":[1]}]}",
                "input \"x\" has shape [9223372036854775807,3,48,192]; the model takes [N,3,48,192] with N from 1 to 8"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[" + string.Join(",", Enumerable.Repeat(1, 100)) + "],\"datatype\":\"FP32\",\"data\":[1]}]}",
                "input \"x\" has a shape of more than 16 dimensions; the model takes [N,3,48,192] with N from 1 to 8"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":-5}}]}",
                "\"binary_data_size\" of input \"x\" must be a whole number of bytes"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":\"big\"}}]}",
                "\"binary_data_size\" of input \"x\" must be a whole number of bytes"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":9223372036854775807}}]}",
                "input \"x\" binary_data_size is 9223372036854775807 bytes; shape [1,3,48,192] of FP32 needs 110592"),
            ($"{{\"inputs\":[{{{input}}}],\"outputs\":\"softmax_0.tmp_0\"}}", "\"outputs\" must be an array"),
            ($"{{\"inputs\":[{{{input}}}],\"outputs\":[{{\"name\":7}}]}}", "output \"name\" must be a string"),
            ($"{{\"inputs\":[{{{input}}}],\"outputs\":[{{\"name\":\"softmax_0.tmp_0\",\"parameters\":5}}]}}", "output \"parameters\" must be an object"),
            ($"{{\"inputs\":[{{{input}}}],\"outputs\":[{{\"name\":\"softmax_0.tmp_0\"}},{{\"name\":\"softmax_0.tmp_0\"}}]}}", "output \"softmax_0.tmp_0\" is asked for twice"),
            ($"{{\"inputs\":[{{{input}}}],\"outputs\":[{{\"name\":\"{new string('y', 300)}\"}}]}}", $"unknown output \"{new string('y', 64)}…\"; the model gives \"softmax_0.tmp_0\""),
            ($"{{\"id\":\"{new string('i', 1025)}\",\"inputs\":[{{{input}}}]}}", "\"id\" must be a string of at most 1024 bytes"),
            ($"{{\"inputs\":[{{{input}}},{{{input}}},{{{input}}}]}}", "expected exactly one input (\"x\"), got 3"),
            ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"data\":[1e39]}]}", "input \"x\" data holds a number beyond FP32 at element 0"),
        ];

        for (int i = 0; i < cases.Length; i++)
        {
            using HttpResponseMessage response = await server.Client.PostAsync(Infer, new StringContent(cases[i].Body, Encoding.UTF8, "application/json"));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"case {i}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(cases[i].Expected, await ApiTestServer.ErrorOf(response));
        }

        // Strings whose text is not text: raw bytes that are not UTF-8, an escape that is half a surrogate pair.
        byte[][] notText =
        [
            [.. "{\"id\":\""u8, 0xFF, 0xFE, .. "\",\"inputs\":[]}"u8],
            [.. "{\"inputs\":[{\"name\":\""u8, 0xC3, .. "\"}]}"u8],
            [.. "{\"id\":\"\\ud800\",\"inputs\":[]}"u8],
            [.. "{\"inputs\":[{\"name\":\"\\udc00x\"}]}"u8],
        ];
        foreach (byte[] body in notText)
        {
            using HttpResponseMessage response = await server.Client.PostAsync(Infer, new ByteArrayContent(body));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("malformed JSON: ", await ApiTestServer.ErrorOf(response), StringComparison.Ordinal);
        }

        Assert.Empty(NewLines(server, logged));
    }

    [Fact]
    public async Task A_binary_header_length_that_lies_gets_400()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        int logged = server.Log.Lines.Count;
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = "x", shape = new[] { 1, 3, 48, 192 }, datatype = "FP32", parameters = new { binary_data_size = 110592 } } },
        });
        byte[] body = [.. header, .. new byte[110592]];
        (string Declared, string Expected)[] cases =
        [
            ("-1", $"Inference-Header-Content-Length is \"-1\"; it must be a whole number no larger than the body ({body.Length} bytes)"),
            ("99999999999", $"Inference-Header-Content-Length is \"99999999999\"; it must be a whole number no larger than the body ({body.Length} bytes)"),
            ((body.Length + 1).ToString(CultureInfo.InvariantCulture), $"Inference-Header-Content-Length is \"{body.Length + 1}\"; it must be a whole number no larger than the body ({body.Length} bytes)"),
            ((header.Length + 4).ToString(CultureInfo.InvariantCulture), "the binary data is 110588 bytes; binary_data_size asks for 110592"),
            (body.Length.ToString(CultureInfo.InvariantCulture), "the binary data is 0 bytes; binary_data_size asks for 110592"),
        ];

        foreach ((string declared, string expected) in cases)
        {
            var content = new ByteArrayContent(body);
            content.Headers.Add("Inference-Header-Content-Length", declared);
            using HttpResponseMessage response = await server.Client.PostAsync(Infer, content);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expected, await ApiTestServer.ErrorOf(response));
        }

        Assert.Empty(NewLines(server, logged));
    }

    [Fact]
    public async Task Ragged_or_wrongly_nested_data_gets_400_naming_the_input_and_the_problem()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        int logged = server.Log.Lines.Count;
        float[] values = ApiTestServer.Values(1, seed: 5);
        float[][] Rows(params int[] lengths) => [.. lengths.Select(n => Enumerable.Repeat(0.5f, n).ToArray())];
        float[][] Channel() => Rows([.. Enumerable.Repeat(192, 48)]);
        float[][] ragged = Rows([192, 191, 193, .. Enumerable.Repeat(192, 45)]);
        (object Data, string Expected)[] cases =
        [
            (new[] { values }, "input \"x\" data is nested 2 deep; shape [1,3,48,192] needs 4 levels, or one flat array"),
            (new[] { new[] { ragged, Channel(), Channel() } }, "input \"x\" data[0][0][1] has 191 values; shape [1,3,48,192] needs 192"),
            (new[] { new[] { Channel(), Channel(), Rows([.. Enumerable.Repeat(192, 47), 193]) } }, "input \"x\" data[0][2][47] has 193 values; shape [1,3,48,192] needs 192"),
            (new[] { new[] { Channel(), Channel() } }, "input \"x\" data[0] has 2 entries; shape [1,3,48,192] needs 3"),
            (new[] { new[] { Channel(), Channel(), Channel(), Channel() } }, "input \"x\" data[0] has 4 entries; shape [1,3,48,192] needs 3"),
            (new[] { new[] { Channel(), Channel(), Rows([.. Enumerable.Repeat(192, 49)]) } }, "input \"x\" data[0][2] has 49 entries; shape [1,3,48,192] needs 48"),
            (new object[] { 1.0f, new[] { 2.0f } }, "input \"x\" data mixes numbers and arrays at data[1]"),
            (new[] { new[] { new[] { new[] { new[] { 1.0f } } } } }, "input \"x\" data is nested deeper than shape [1,3,48,192] at data[0][0][0][0]"),
        ];

        foreach ((object data, string expected) in cases)
        {
            using HttpResponseMessage response = await server.InferJsonAsync("cls", new { inputs = new[] { new { name = "x", shape = new[] { 1, 3, 48, 192 }, datatype = "FP32", data } } });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expected, await ApiTestServer.ErrorOf(response));
        }

        Assert.Empty(NewLines(server, logged));
    }

    [Fact]
    public async Task A_disabled_model_answers_every_503_with_Retry_After()
    {
        using var dir = new Support.TempDirectory();
        Inference.Models.ModelOptions bad = ApiTestServer.Classifier("bad");
        bad.Path = dir.WriteFile("bad.onnx", "this is not a model");
        await using ApiTestServer server = await ApiTestServer.StartAsync(bad);

        using HttpResponseMessage infer = await server.InferBinaryAsync("bad", 1, ApiTestServer.Values(1, 1));
        using HttpResponseMessage ready = await server.Client.GetAsync("/v2/models/bad/ready");
        using HttpResponseMessage stats = await server.Client.GetAsync("/v2/models/bad/stats");

        foreach (HttpResponseMessage response in new[] { infer, ready, stats })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
            Assert.StartsWith("model bad is disabled: ONNX Runtime cannot load ", await ApiTestServer.ErrorOf(response), StringComparison.Ordinal);
        }
    }

    /// <summary>The API's error body for <paramref name="message"/>, written as the API writes it.</summary>
    private static string Error(string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Lines logged since <paramref name="from"/> (the test server logs from Information, Microsoft's from Warning, as the daemon does).</summary>
    private static string[] NewLines(ApiTestServer server, int from) => [.. server.Log.Lines.Skip(from)];

    /// <summary>Waits (a generous minute, only as a safety net) until <paramref name="condition"/> holds.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Waits (a generous minute, only as a safety net) until a line since <paramref name="from"/> matches.</summary>
    private static async Task WaitForLineAsync(ApiTestServer server, int from, Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!server.Log.Lines.Skip(from).Any(match))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>A chunked body of <paramref name="bytes"/> in 64 KiB chunks, sent while the answer is read (the server may stop reading).</summary>
    private static async Task<RawHttpResponse> SendChunkedAsync(ApiTestServer server, int bytes)
    {
        using RawHttpConnection connection = await RawHttpConnection.OpenAsync(server.Api.SocketPath);
        await connection.SendAsync(RawHttpConnection.PostHead(Infer, contentLength: null, chunked: true));
        byte[] chunk = RawHttpConnection.Chunk(new byte[64 * 1024]);
        Task sending = connection.SendUntilClosedAsync(chunk, bytes / (64 * 1024));
        RawHttpResponse response = await connection.ReadResponseAsync();
        connection.Dispose();
        await sending;
        return response;
    }
}
