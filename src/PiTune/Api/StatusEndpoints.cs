using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PiTune.Telemetry;

namespace PiTune.Api;

/// <summary>
/// <c>GET /status</c> (JSON for <c>pitune status</c>), <c>GET /status/history</c> (the recent snapshots, for
/// <c>pitune top</c>) and <c>GET /metrics</c> (Prometheus text format).
/// </summary>
internal sealed class StatusEndpoints(StatusWriter status, PrometheusExporter metrics, HistoryWriter history)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/status", StatusAsync);
        app.MapGet("/status/history", HistoryAsync);
        app.MapGet("/metrics", MetricsAsync);
    }

    private Task HistoryAsync(HttpContext context)
    {
        (long? since, TimeSpan? window, string? error) = HistoryWriter.ParseQuery(context.Request.Query["since"], context.Request.Query["seconds"]);
        if (error is not null)
        {
            return V2Endpoints.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error);
        }

        // Compact: ten minutes of history is 600 entries, and top asks every second.
        return WriteObjectAsync(context, JsonOutput.Options, w => history.Write(w, since, window));
    }

    private Task StatusAsync(HttpContext context) =>
        WriteObjectAsync(context, JsonOutput.Options with { Indented = true }, status.Write);

    private static async Task WriteObjectAsync(HttpContext context, JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private async Task MetricsAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await metrics.WriteAsync(body, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = PrometheusExporter.ContentType;
        context.Response.ContentLength = body.Length;
        body.Position = 0;
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
