using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PiTune.Api.SharedMemory;

/// <summary>
/// Triton's system shared memory extension, HTTP form: register, unregister and status under /v2/systemsharedmemory.
/// Every call is the caller's own: the uid comes from SO_PEERCRED, so the endpoints answer only on the Unix socket.
/// </summary>
internal sealed class SharedMemoryEndpoints(SharedMemoryRegistry registry)
{
    /// <summary>A register body is three small fields; anything longer is not one.</summary>
    public const int MaxRegisterBodyBytes = 4096;

    public const string NeedsUnixSocket =
        "shared memory needs the Unix socket: the daemon tells callers apart by their uid (SO_PEERCRED), which a TCP connection does not carry";

    public const string Disabled = "shared memory is switched off on this daemon (Api:SharedMemory:Enabled is false)";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/systemsharedmemory/region/{name}/register", RegisterAsync);
        app.MapPost("/v2/systemsharedmemory/region/{name}/unregister", context => WithCaller(context, uid =>
        {
            registry.Unregister(uid, Name(context));
            return Empty(context);
        }));
        app.MapPost("/v2/systemsharedmemory/unregister", context => WithCaller(context, uid =>
        {
            registry.UnregisterAll(uid);
            return Empty(context);
        }));
        app.MapGet("/v2/systemsharedmemory/status", context => WithCaller(context, uid => WriteStatusAsync(context, registry.Regions(uid))));
        app.MapGet("/v2/systemsharedmemory/region/{name}/status", context => WithCaller(context, uid =>
            registry.Find(uid, Name(context), out string? error) is { } region
                ? WriteStatusAsync(context, [region])
                : V2Endpoints.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error!)));
    }

    /// <summary>Why <paramref name="context"/>'s caller cannot use shared memory (off, or not on the Unix socket), or null with its uid.</summary>
    public static string? CallerProblem(SharedMemoryRegistry? registry, HttpContext context, out uint uid)
    {
        uid = 0;
        if (registry is not { Enabled: true })
        {
            return Disabled;
        }

        if (PeerCredentials.UidOf(context) is not { } peer)
        {
            return NeedsUnixSocket;
        }

        uid = peer;
        return null;
    }

    private static string Name(HttpContext context) => (string)context.Request.RouteValues["name"]!;

    private Task WithCaller(HttpContext context, Func<uint, Task> action) =>
        CallerProblem(registry, context, out uint uid) is { } problem
            ? V2Endpoints.WriteErrorAsync(context, StatusCodes.Status400BadRequest, problem)
            : action(uid);

    private async Task RegisterAsync(HttpContext context)
    {
        if (CallerProblem(registry, context, out uint uid) is { } problem)
        {
            await V2Endpoints.WriteErrorAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }

        string name = Name(context);
        byte[]? body = await ReadSmallBodyAsync(context.Request.BodyReader, context.RequestAborted);
        string? error = body is null
            ? $"region \"{ShmNames.Shown(name)}\": the register body is larger than {MaxRegisterBodyBytes} bytes; send {{\"key\": \"/name\", \"offset\": 0, \"byte_size\": N}}"
            : ParseRegister(body, name, out string? key, out long offset, out long byteSize) ?? registry.Register(uid, name, key!, offset, byteSize);
        if (error is not null)
        {
            await V2Endpoints.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }

        await Empty(context);
    }

    /// <summary>Reads <c>{"key", "offset", "byte_size"}</c>; the problem, or null.</summary>
    public static string? ParseRegister(ReadOnlySpan<byte> body, string name, out string? key, out long offset, out long byteSize)
    {
        key = null;
        offset = 0;
        byteSize = -1;
        string shape = $"region \"{ShmNames.Shown(name)}\": the register body must be {{\"key\": \"/name\", \"offset\": 0, \"byte_size\": N}}";
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return shape;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return $"{shape}; \"key\" must be a string";
                    }

                    key = reader.GetString();
                }
                else if (reader.ValueTextEquals("offset"u8) || reader.ValueTextEquals("byte_size"u8))
                {
                    bool isOffset = reader.ValueTextEquals("offset"u8);
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
                    {
                        return $"{shape}; \"{(isOffset ? "offset" : "byte_size")}\" must be a whole number of bytes, 0 or more";
                    }

                    if (isOffset)
                    {
                        offset = value;
                    }
                    else
                    {
                        byteSize = value;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            return $"{shape}; malformed JSON: {ex.Message}";
        }
        catch (InvalidOperationException ex)
        {
            return $"{shape}; malformed JSON: {ex.Message}";
        }

        return key is null ? $"{shape}; \"key\" is missing"
            : byteSize < 0 ? $"{shape}; \"byte_size\" is missing"
            : null;
    }

    private static async Task<byte[]?> ReadSmallBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> data = result.Buffer;
            if (data.Length > MaxRegisterBodyBytes)
            {
                reader.AdvanceTo(data.End);
                return null;
            }

            if (result.IsCompleted)
            {
                byte[] body = data.ToArray();
                reader.AdvanceTo(data.End);
                return body;
            }

            reader.AdvanceTo(data.Start, data.End);
        }
    }

    private static Task Empty(HttpContext context)
    {
        // As Triton: 200 and nothing else.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static async Task WriteStatusAsync(HttpContext context, IReadOnlyList<SharedMemoryRegion> regions)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            json.WriteStartArray();
            foreach (SharedMemoryRegion r in regions)
            {
                json.WriteStartObject();
                json.WriteString("name", r.Name);
                json.WriteString("key", r.Key);
                json.WriteNumber("offset", r.Offset);
                json.WriteNumber("byte_size", r.ByteSize);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
