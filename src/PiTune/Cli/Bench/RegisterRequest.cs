using System.Text.Json.Serialization;

namespace PiTune.Cli.Bench;

/// <summary>The body of Triton's system shared memory register call.</summary>
internal sealed record RegisterRequest(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("byte_size")] long ByteSize);
