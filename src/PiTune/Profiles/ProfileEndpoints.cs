using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PiTune.Api;

namespace PiTune.Profiles;

/// <summary>
/// <c>GET /profile</c> (the profile in force, why, and the profiles there are) and <c>PUT /profile</c> with
/// <c>{"name":"quiet"}</c> (switch; 200, 404 no such profile, 422 refused with the problems, 400 a body that is not that).
/// On the daemon's socket, so the same people may switch as may read status: root and the pitune group.
/// </summary>
internal sealed class ProfileEndpoints(ProfileService profiles)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/profile", context => WriteAsync(context, StatusCodes.Status200OK, Describe));
        app.MapPut("/profile", SetAsync);
    }

    private async Task SetAsync(HttpContext context)
    {
        string? name = null;
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String)
            {
                name = n.GetString();
            }
        }
        catch (JsonException)
        {
        }

        if (string.IsNullOrEmpty(name))
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, w => w.WriteString("error", "the body must be {\"name\": \"PROFILE\"}"));
            return;
        }

        ProfileSwitch result = profiles.Set(name);
        int status = result.Applied ? StatusCodes.Status200OK : result.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity;
        await WriteAsync(context, status, w =>
        {
            if (!result.Applied)
            {
                w.WriteString("error", result.Problems);
            }

            Describe(w);
        });
    }

    private void Describe(Utf8JsonWriter w)
    {
        ActiveProfile active = profiles.Active;
        w.WriteString("name", active.Name);
        w.WriteString("reason", active.Reason);
        w.WriteStartArray("profiles");
        foreach ((string name, string origin) in profiles.Catalog.List())
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("origin", origin);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
