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

    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken cancellationToken, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        using HttpClient client = CreateClient(options.SocketPath, options.Concurrency);
        string model = options.Model ?? await FirstModelAsync(client, cancellationToken);
        ModelTensors tensors = await TensorsOfAsync(client, model, cancellationToken);
        long itemElements = tensors.InputItemShape.Aggregate(1L, (a, d) => a * d);
        float[] data = new float[options.Rows * itemElements];
        var random = new Random(42);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)random.NextDouble();
        }

        long[] shape = [options.Rows, .. tensors.InputItemShape];
        var regions = new BenchRegion?[options.Concurrency];
        try
        {
            // Shared memory: one region per worker, made and registered before the clock starts; each worker's body names
            // its own region, so a request carries ~300 bytes of JSON and no tensor.
            var bodies = new (byte[] Body, int HeaderLength)[options.Concurrency];
            long inputBytes = data.Length * 4L;
            long outputOffset = (inputBytes + 63) / 64 * 64;
            long[] outputBytes = [.. tensors.Outputs.Select(o => options.Rows * o.ItemBytes)];
            bool warned = false;
            for (int w = 0; w < options.Concurrency; w++)
            {
                if (options.SharedMemory)
                {
                    BenchRegion region = regions[w] = await BenchRegion.CreateAsync(
                        client, options.SocketPath, w, outputOffset + outputBytes.Sum(), MemoryMarshal.AsBytes(data.AsSpan()).ToArray(),
                        message =>
                        {
                            if (!warned)
                            {
                                warned = true;
                                warn?.Invoke(message);
                            }
                        },
                        cancellationToken);
                    bodies[w] = (ShmBody(tensors, shape, region.Name, inputBytes, outputOffset, outputBytes), -1);
                }
                else
                {
                    bodies[w] = w == 0
                        ? options.Binary ? BinaryBody(tensors.Input, shape, data) : (JsonBody(tensors.Input, shape, data), -1)
                        : bodies[0];
                }
            }

            Dictionary<int, long> before = await BatchSizesAsync(client, model, cancellationToken);
            var errors = new Dictionary<int, long>();
            var latencies = new List<double>[options.Concurrency];
            long started = Stopwatch.GetTimestamp();
            long end = started + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
            string contentType = options.SharedMemory || !options.Binary ? "application/json" : "application/octet-stream";
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async w =>
            {
                var mine = latencies[w] = new List<double>(4096);
                (byte[] body, int headerLength) = bodies[w];
                while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new(contentType);
                    if (headerLength >= 0)
                    {
                        content.Headers.Add("Inference-Header-Content-Length", headerLength.ToString(CultureInfo.InvariantCulture));
                    }

                    long t0 = Stopwatch.GetTimestamp();
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.PostAsync($"/v2/models/{model}/infer", content, cancellationToken);
                        await response.Content.LoadIntoBufferAsync(cancellationToken);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break; // Ctrl-C: what ran so far is reported, and the regions are removed
                    }

                    using (response)
                    {
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
                }
            }));
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);

            Dictionary<int, long> after = await BatchSizesAsync(client, model, CancellationToken.None);
            double[] all = [.. latencies.SelectMany(l => l).Order()];
            Dictionary<int, long> formed = after
                .Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key)))
                .Where(kv => kv.Count > 0)
                .ToDictionary(kv => kv.Key, kv => kv.Count);
            return new LoadReport(model, options.Concurrency, options.Binary, options.Rows, elapsed, all.Length, errors,
                Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), formed, options.SharedMemory);
        }
        finally
        {
            foreach (BenchRegion? region in regions)
            {
                if (region is not null)
                {
                    await region.RemoveAsync(client);
                }
            }
        }
    }

    /// <summary>The daemon's error message from a 4xx/5xx answer ({"error": "..."}), or its status.</summary>
    internal static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out JsonElement e) && e.GetString() is { } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
        }

        return $"HTTP {(int)response.StatusCode}";
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<string> FirstModelAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using JsonDocument server = JsonDocument.Parse(await client.GetStringAsync("/v2", cancellationToken));
        return server.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetString()).FirstOrDefault()
            ?? throw new InvalidOperationException("the daemon serves no models");
    }

    private static async Task<ModelTensors> TensorsOfAsync(HttpClient client, string model, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await client.GetAsync($"/v2/models/{model}", cancellationToken);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode || !doc.RootElement.TryGetProperty("inputs", out JsonElement inputs))
        {
            string why = doc.RootElement.TryGetProperty("error", out JsonElement e) ? e.GetString()! : $"model {model} is not ready";
            throw new InvalidOperationException(why);
        }

        JsonElement input = inputs[0];
        List<(string Name, long ItemBytes)> outputs = [];
        if (doc.RootElement.TryGetProperty("outputs", out JsonElement outs))
        {
            foreach (JsonElement o in outs.EnumerateArray())
            {
                long elements = o.GetProperty("shape").EnumerateArray().Skip(1).Aggregate(1L, (a, d) => a * Math.Max(1, d.GetInt64()));
                outputs.Add((o.GetProperty("name").GetString()!, elements * BytesOf(o.GetProperty("datatype").GetString())));
            }
        }

        return new ModelTensors(input.GetProperty("name").GetString()!, [.. input.GetProperty("shape").EnumerateArray().Skip(1).Select(d => d.GetInt64())], outputs);
    }

    /// <summary>Bytes of one element of a KServe v2 datatype.</summary>
    private static long BytesOf(string? datatype) => datatype switch
    {
        "BOOL" or "UINT8" or "INT8" => 1,
        "UINT16" or "INT16" or "FP16" or "BF16" => 2,
        "UINT32" or "INT32" or "FP32" => 4,
        "UINT64" or "INT64" or "FP64" => 8,
        _ => throw new InvalidOperationException($"output datatype {datatype} has no fixed size"),
    };

    /// <summary>A request whose input is read from <paramref name="region"/> at 0 and whose outputs are written into it, one after the other from <paramref name="outputOffset"/>.</summary>
    private static byte[] ShmBody(ModelTensors tensors, long[] shape, string region, long inputBytes, long outputOffset, long[] outputBytes) =>
        RequestJson(tensors.Input, shape, writer =>
        {
            WriteShm(writer, region, inputBytes, 0);
        }, binaryOutput: false, outputs: writer =>
        {
            long at = outputOffset;
            for (int o = 0; o < tensors.Outputs.Count; o++)
            {
                writer.WriteStartObject();
                writer.WriteString("name", tensors.Outputs[o].Name);
                WriteShm(writer, region, outputBytes[o], at);
                writer.WriteEndObject();
                at += outputBytes[o];
            }
        });

    private static void WriteShm(Utf8JsonWriter writer, string region, long byteSize, long offset)
    {
        writer.WriteStartObject("parameters");
        writer.WriteString("shared_memory_region", region);
        writer.WriteNumber("shared_memory_byte_size", byteSize);
        writer.WriteNumber("shared_memory_offset", offset);
        writer.WriteEndObject();
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
    private static byte[] RequestJson(string input, long[] shape, Action<Utf8JsonWriter> tensor, bool binaryOutput, Action<Utf8JsonWriter>? outputs = null)
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
            if (outputs is not null)
            {
                writer.WriteStartArray("outputs");
                outputs(writer);
                writer.WriteEndArray();
            }

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
