using PiTune.Core.Platform;

namespace PiTune.Linux.Files;

/// <summary>
/// Text access to kernel files by root-relative path (<c>sys/class/thermal/thermal_zone0/temp</c>).
/// The one seam between PiTune and the machine: the Linux implementation roots it at a directory,
/// tests fake it in memory. Never throws for expected faults.
/// </summary>
public interface ISysFiles
{
    /// <summary>The directory treated as <c>/</c>.</summary>
    string Root { get; }

    /// <summary>Reads the whole file as text, trailing newline removed.</summary>
    ReadResult<string> ReadText(string relativePath);

    /// <summary>Reads up to <c>buffer.Length</c> bytes without allocating; the value is the byte count.</summary>
    ReadResult<int> ReadBytes(string relativePath, Span<byte> buffer);

    /// <summary>Writes an existing attribute (never creates a file: a kernel attribute that is not there is Missing).</summary>
    WriteResult WriteText(string relativePath, string value);

    bool Exists(string relativePath);

    /// <summary>Names of the entries in a directory matching a wildcard pattern, sorted ordinally; empty when it is not there.</summary>
    IReadOnlyList<string> List(string relativeDirectory, string pattern);
}
