using PiTune.Core.Platform;

namespace PiTune.Linux.Parsing;

/// <summary>Parses the raw bytes of one kernel file read from <paramref name="path"/> (root-relative, for the result).</summary>
internal delegate ReadResult<T> AttributeParser<T>(ReadOnlySpan<byte> text, string path);
