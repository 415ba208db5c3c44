using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace PiTune.Cli.Bench;

/// <summary>
/// A closed-loop load generator in the manner of Triton's perf_analyzer: N workers, each sending its
/// next request when the last one answers, over the daemon's Unix socket, for a fixed time.
/// </summary>
internal static class LoadGenerator
{
    public static HttpClient CreateClient(string socketPath, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://localhost") };

    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using HttpClient client = CreateClient(options.SocketPath, options.Concurrency);
        string model = options.Model ?? await FirstModelAsync(client, cancellationToken);
        (string input, long[] itemShape) = await InputOfAsync(client, model, cancellationToken);
        long itemElements = itemShape.Aggregate(1L, (a, d) => a * d);
        float[] data = new float[options.Rows * itemElements];
        var random = new Random(42);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)random.NextDouble();
        }

        long[] shape = [options.Rows, .. itemShape];
        (byte[] body, int headerLength) = options.Binary ? BinaryBody(input, shape, data) : (JsonBody(input, shape, data), -1);
        Dictionary<int, long> before = await BatchSizesAsync(client, model, cancellationToken);

        var errors = new Dictionary<int, long>();
        var latencies = new List<double>[options.Concurrency];
        long started = Stopwatch.GetTimestamp();
        long end = started + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new(options.Binary ? "application/octet-stream" : "application/json");
                if (headerLength >= 0)
                {
                    content.Headers.Add("Inference-Header-Content-Length", headerLength.ToString(CultureInfo.InvariantCulture));
                }

                long t0 = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await client.PostAsync($"/v2/models/{model}/infer", content, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (response.IsSuccessStatusCode)
                {
                    mine.Add(ms);
                }
                else
                {
                    lock (errors)
                    {
                        errors[(int)response.StatusCode] = errors.GetValueOrDefault((int)response.StatusCode) + 1;
                    }
                }
            }
        }));
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);

        Dictionary<int, long> after = await BatchSizesAsync(client, model, cancellationToken);
        double[] all = [.. latencies.SelectMany(l => l).Order()];
        Dictionary<int, long> formed = after
            .Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(kv => kv.Count > 0)
            .ToDictionary(kv => kv.Key, kv => kv.Count);
        return new LoadReport(model, options.Concurrency, options.Binary, options.Rows, elapsed, all.Length, errors,
            Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), formed);
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<string> FirstModelAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using JsonDocument server = JsonDocument.Parse(await client.GetStringAsync("/v2", cancellationToken));
        return server.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetString()).FirstOrDefault()
            ?? throw new InvalidOperationException("the daemon serves no models");
    }

    private static async Task<(string Name, long[] ItemShape)> InputOfAsync(HttpClient client, string model, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await client.GetAsync($"/v2/models/{model}", cancellationToken);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode || !doc.RootElement.TryGetProperty("inputs", out JsonElement inputs))
        {
            string why = doc.RootElement.TryGetProperty("error", out JsonElement e) ? e.GetString()! : $"model {model} is not ready";
            throw new InvalidOperationException(why);
        }

        JsonElement input = inputs[0];
        return (input.GetProperty("name").GetString()!, [.. input.GetProperty("shape").EnumerateArray().Skip(1).Select(d => d.GetInt64())]);
    }

    private static async Task<Dictionary<int, long>> BatchSizesAsync(HttpClient client, string model, CancellationToken cancellationToken)
    {
        using JsonDocument stats = JsonDocument.Parse(await client.GetStringAsync($"/v2/models/{model}/stats", cancellationToken));
        return stats.RootElement.GetProperty("batch_sizes").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetInt64());
    }

    private static (byte[] Body, int HeaderLength) BinaryBody(string input, long[] shape, float[] data)
    {
        byte[] header = RequestJson(input, shape, writer =>
        {
            writer.WriteStartObject("parameters");
            writer.WriteNumber("binary_data_size", data.Length * 4L);
            writer.WriteEndObject();
        }, binaryOutput: true);
        return ([.. header, .. MemoryMarshal.AsBytes(data.AsSpan())], header.Length);
    }

    private static byte[] JsonBody(string input, long[] shape, float[] data) =>
        RequestJson(input, shape, writer =>
        {
            writer.WriteStartArray("data");
            foreach (float value in data)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }, binaryOutput: false);

    /// <summary>A one-input KServe v2 request; <paramref name="tensor"/> writes the input's data or its binary size.</summary>
    private static byte[] RequestJson(string input, long[] shape, Action<Utf8JsonWriter> tensor, bool binaryOutput)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("inputs");
            writer.WriteStartObject();
            writer.WriteString("name", input);
            writer.WriteStartArray("shape");
            foreach (long dimension in shape)
            {
                writer.WriteNumberValue(dimension);
            }

            writer.WriteEndArray();
            writer.WriteString("datatype", "FP32");
            tensor(writer);
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (binaryOutput)
            {
                writer.WriteStartObject("parameters");
                writer.WriteBoolean("binary_data_output", true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
