using System.Text.Json.Serialization;

namespace PiTune.Linux.Tuning;

/// <summary>
/// Source-generated (trim-safe) JSON for the ledger. Strict on purpose: a missing or null field makes the
/// file unreadable rather than an entry with a null original that would later be written to the kernel.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(LedgerFile))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
