using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PiTune.Telemetry;

namespace PiTune.Api;

/// <summary><c>GET /status</c> (JSON for <c>pitune status</c>) and <c>GET /metrics</c> (Prometheus text format).</summary>
internal sealed class StatusEndpoints(StatusWriter status, PrometheusExporter metrics)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/status", StatusAsync);
        app.MapGet("/metrics", MetricsAsync);
    }

    private async Task StatusAsync(HttpContext context)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options with { Indented = true }))
        {
            json.WriteStartObject();
            status.Write(json);
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
