using System.Text.Json.Serialization;

namespace PiTune.Cli.Bench;

/// <summary>Source-generated JSON for <c>pitune bench</c>'s requests (trim- and AOT-safe).</summary>
[JsonSerializable(typeof(RegisterRequest))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
