using System.Text.Encodings.Web;
using System.Text.Json;

namespace PiTune.Api;

/// <summary>JSON as people read it in a terminal: quotes and apostrophes unescaped (the API serves no HTML).</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
