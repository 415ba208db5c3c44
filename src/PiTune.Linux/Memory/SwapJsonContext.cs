using System.Text.Json.Serialization;

namespace PiTune.Linux.Memory;

/// <summary>Source-generated JSON for <c>swap.json</c>; strict, like the ledger's.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SwapRecordFile))]
internal sealed partial class SwapJsonContext : JsonSerializerContext;
