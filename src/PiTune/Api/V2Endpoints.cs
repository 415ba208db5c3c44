using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PiTune.Api.SharedMemory;
using PiTune.Inference;
using PiTune.Inference.Batching;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Api;

/// <summary>
/// The KServe v2 / Open Inference Protocol endpoints, with the binary tensor data extension, per-model statistics and
/// (when <paramref name="sharedMemory"/> is on) Triton's system shared memory for inputs and outputs.
/// </summary>
internal sealed class V2Endpoints(
    InferenceEngine engine, BufferPool pool, BodyBudget bodies, TimeProvider time, int maxBodyBytes, ILogger logger, SharedMemoryRegistry? sharedMemory = null)
{
    private static readonly string Version =
        typeof(V2Endpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2", ServerMetadataAsync);
        app.MapGet("/v2/health/live", context => WriteJsonAsync(context, 200, w => w.WriteBoolean("live", true)));
        app.MapGet("/v2/health/ready", context => WriteJsonAsync(context, engine.IsLoaded ? 200 : 503, w => w.WriteBoolean("ready", engine.IsLoaded)));
        app.MapGet("/v2/models/{name}", ModelMetadataAsync);
        app.MapGet("/v2/models/{name}/ready", ModelReadyAsync);
        app.MapGet("/v2/models/{name}/stats", ModelStatsAsync);
        app.MapPost("/v2/models/{name}/infer", InferAsync);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string error) =>
        WriteJsonAsync(context, status, w => w.WriteString("error", error));

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // Every 503 is "not now" (queue or pool full, model loading or disabled, bodies over budget): say when to ask again.
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private Task ServerMetadataAsync(HttpContext context) => WriteJsonAsync(context, 200, w =>
    {
        w.WriteString("name", "pitune");
        w.WriteString("version", Version);
        w.WriteStartArray("extensions");
        w.WriteStringValue("binary_tensor_data");
        w.WriteStringValue("statistics");
        if (sharedMemory is { Enabled: true })
        {
            w.WriteStringValue("system_shared_memory");
        }

        w.WriteEndArray();
        w.WriteStartArray("models");
        foreach (ModelEntry m in engine.Models)
        {
            w.WriteStringValue(m.Name);
        }

        w.WriteEndArray();
    });

    private bool TryFind(HttpContext context, out ModelEntry entry, out Task notFound)
    {
        string name = (string)context.Request.RouteValues["name"]!;
        if (engine.TryGet(name, out entry))
        {
            notFound = Task.CompletedTask;
            return true;
        }

        notFound = WriteErrorAsync(context, 404, $"unknown model \"{name}\" (models: {string.Join(", ", engine.Models.Select(m => m.Name))})");
        return false;
    }

    private string NotReadyReason(ModelEntry entry) => $"model {entry.Name} is {entry.View.Describe(time.GetUtcNow())}";

    private Task ModelMetadataAsync(HttpContext context)
    {
        if (!TryFind(context, out ModelEntry entry, out Task notFound))
        {
            return notFound;
        }

        ModelView view = entry.View;
        return WriteJsonAsync(context, 200, w =>
        {
            w.WriteString("name", entry.Name);
            w.WriteStartArray("versions");
            w.WriteStringValue("1");
            w.WriteEndArray();
            w.WriteString("platform", view.Batcher?.Model.Platform
                ?? (entry.Options.ResolveBackend() == ModelBackend.Hailo ? "hailort_hef" : "onnxruntime_onnx"));
            WriteState(w, view, time.GetUtcNow());
            if (view.Batcher?.Model is not { } model)
            {
                return;
            }

            ModelSignature s = model.Signature;
            WriteTensors(w, "inputs", [s.Input]);
            WriteTensors(w, "outputs", s.Outputs);
            w.WriteStartObject("parameters");
            w.WriteString("execution_provider", model.Provider);
            w.WriteNumber("max_batch_size", s.MaxBatchSize);
            w.WriteNumber("max_queue_delay_us", (long)entry.Options.MaxQueueDelay.TotalMicroseconds);
            w.WriteBoolean("adaptive_delay", entry.Options.AdaptiveDelay);
            w.WriteNumber("max_queue_size", entry.Options.MaxQueueSize);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The model's state beside KServe's fields (clients of the spec ignore them): "state", the reason when it is not
    /// simply ready ("error" when it cannot serve, "reason" when the fallback serves), "fallback", "retry_in_s" and
    /// "state_text", the whole state in one line as <c>pitune status</c> prints it.
    /// </summary>
    public static void WriteState(Utf8JsonWriter w, ModelView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(view);
        w.WriteString("state", view.State.ToString().ToLowerInvariant());
        if (view.Reason is not null)
        {
            w.WriteString(view.OnFallback ? "reason" : "error", view.Reason);
        }

        if (view.OnFallback)
        {
            w.WriteString("fallback", "onnx");
        }

        if (view.RetryInSeconds(now) is { } retry)
        {
            w.WriteNumber("retry_in_s", retry);
        }

        if (view.State != ModelState.Ready || view.OnFallback)
        {
            w.WriteString("state_text", view.Describe(now));
        }
    }

    private static void WriteTensors(Utf8JsonWriter w, string name, IEnumerable<TensorSpec> tensors)
    {
        w.WriteStartArray(name);
        foreach (TensorSpec t in tensors)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("datatype", t.DataType.KServeName());
            w.WriteStartArray("shape");
            w.WriteNumberValue(-1);
            foreach (int d in t.ItemShape)
            {
                w.WriteNumberValue(d);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private Task ModelReadyAsync(HttpContext context)
    {
        if (!TryFind(context, out ModelEntry entry, out Task notFound))
        {
            return notFound;
        }

        return entry.State == ModelState.Ready
            ? WriteJsonAsync(context, 200, w => { w.WriteString("name", entry.Name); w.WriteBoolean("ready", true); })
            : WriteErrorAsync(context, 503, NotReadyReason(entry));
    }

    private Task ModelStatsAsync(HttpContext context)
    {
        if (!TryFind(context, out ModelEntry entry, out Task notFound))
        {
            return notFound;
        }

        if (entry.Batcher is not { } batcher)
        {
            return WriteErrorAsync(context, 503, NotReadyReason(entry));
        }

        StatisticsTotals totals = batcher.Statistics.Totals();
        return WriteJsonAsync(context, 200, w =>
        {
            w.WriteString("name", entry.Name);
            w.WriteNumber("requests", totals.Requests);
            w.WriteNumber("failures", totals.Failures);
            w.WriteNumber("batches", totals.Batches);
            w.WriteNumber("busy_seconds", totals.Busy.TotalSeconds);
            w.WriteNumber("queue_depth", batcher.QueueDepth);
            w.WriteStartObject("batch_sizes");
            for (int n = 1; n < totals.BatchSizes.Length; n++)
            {
                if (totals.BatchSizes[n] > 0)
                {
                    w.WriteNumber(n.ToString(CultureInfo.InvariantCulture), totals.BatchSizes[n]);
                }
            }

            w.WriteEndObject();
        });
    }

    private async Task InferAsync(HttpContext context)
    {
        if (!TryFind(context, out ModelEntry entry, out Task notFound))
        {
            await notFound;
            return;
        }

        if (entry.Batcher is not { } batcher)
        {
            await WriteErrorAsync(context, 503, NotReadyReason(entry));
            return;
        }

        CancellationToken aborted = context.RequestAborted;
        BodyRead read = await RequestBody.ReadAsync(context, maxBodyBytes, bodies, aborted);
        if (read.Body is not { } body)
        {
            if (read.Refusal is { } reason)
            {
                ApiLog.RequestRefused(logger, context.Request.Method, context.Request.Path, read.Status, reason);
                await WriteErrorAsync(context, read.Status, reason);
            }
            else
            {
                ApiLog.ClientGone(logger, context.Request.Method, context.Request.Path);
            }

            return;
        }

        ParsedInfer? parsed;
        string? error;
        bool poolFull;
        using (body)
        {
            if (!TrySplit(context.Request, body.Span, out int headerLength, out error))
            {
                await WriteErrorAsync(context, 400, error!);
                return;
            }

            ModelSignature signature = batcher.Model.Signature;
            parsed = InferRequestParser.TryParse(body.Span[..headerLength], body.Span[headerLength..], entry.Options, signature, pool, out error, out poolFull,
                new SharedMemoryCaller(sharedMemory, context));
        }

        if (parsed is null)
        {
            await WriteErrorAsync(context, poolFull ? 503 : 400, error!);
            return;
        }

        await RunAsync(context, entry, batcher, parsed, aborted);
    }

    private async Task RunAsync(HttpContext context, ModelEntry entry, ModelBatcher batcher, ParsedInfer parsed, CancellationToken aborted)
    {
        TimeSpan allowed = parsed.Timeout is { } t && t < entry.Options.DefaultDeadline ? t : entry.Options.DefaultDeadline;
        DateTimeOffset now = time.GetUtcNow();
        var request = new InferenceRequest(parsed.Input, parsed.Rows, now + allowed);
        if (!batcher.TrySubmit(request))
        {
            pool.Return(parsed.Input);
            // A batcher stops when PiTune does, or as a HailoRT model's is replaced (the chip taking over from the
            // fallback, a network the chip lost): the next request finds the one in its place.
            await WriteErrorAsync(context, 503, batcher.Stopping
                ? $"model {entry.Name} is stopping; try again"
                : $"model {entry.Name}: queue full ({entry.Options.MaxQueueSize} requests); try again");
            return;
        }

        InferenceResult result;
        try
        {
            result = await request.Completion.WaitAsync(allowed, time, aborted);
        }
        catch (TimeoutException)
        {
            if (request.Abandon())
            {
                await WriteErrorAsync(context, 504, DeadlinePassed(entry, allowed));
                return;
            }

            result = await request.Completion;
        }
        catch (OperationCanceledException)
        {
            // The client went away; the batcher drops the request, or returns its output itself. When the batcher has
            // already taken the answer's turn, the answer is a moment away (it counts the request first): wait for it, so
            // its output goes back to the pool.
            if (!request.Abandon() && (await request.Completion).Output is { } o)
            {
                pool.Return(o);
            }

            return;
        }

        if (result.Output is null && result.Status == RequestStatus.DeadlineExceeded)
        {
            // The batcher dropped it at its deadline a moment before the timer above fired: the same answer either way.
            await WriteErrorAsync(context, 504, DeadlinePassed(entry, allowed));
            return;
        }

        if (result.Output is not { } output)
        {
            int status = result.Status switch
            {
                RequestStatus.QueueFull or RequestStatus.NotReady or RequestStatus.PoolExhausted => 503,
                _ => 500,
            };

            await WriteErrorAsync(context, status, $"model {entry.Name}: {result.Error ?? result.Status.ToString()}");
            return;
        }

        try
        {
            engine.RecordMeter((time.GetUtcNow() - request.Enqueued).TotalMilliseconds, result.BatchSize);
            if (sharedMemory is not null && InferResponseWriter.WriteShared(parsed, batcher.Model.Signature, output, sharedMemory) is { } shmError)
            {
                await WriteErrorAsync(context, 400, shmError);
                return;
            }

            await InferResponseWriter.WriteAsync(context.Response, entry.Name, parsed, batcher.Model.Signature, output, aborted);
        }
        finally
        {
            pool.Return(output);
        }
    }

    private static string DeadlinePassed(ModelEntry entry, TimeSpan allowed) =>
        $"model {entry.Name}: deadline of {allowed.TotalMilliseconds:F0} ms passed before the request ran";

    private static bool TrySplit(HttpRequest request, ReadOnlySpan<byte> body, out int headerLength, out string? error)
    {
        error = null;
        headerLength = body.Length;
        string? declared = request.Headers[InferResponseWriter.HeaderLengthName];
        if (declared is null)
        {
            return true;
        }

        if (!int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out headerLength) || headerLength > body.Length)
        {
            error = $"{InferResponseWriter.HeaderLengthName} is \"{declared}\"; it must be a whole number no larger than the body ({body.Length} bytes)";
            return false;
        }

        return true;
    }
}
