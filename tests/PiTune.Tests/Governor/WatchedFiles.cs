using PiTune.Core.Platform;
using PiTune.Linux.Files;

namespace PiTune.Tests.Governor;

/// <summary>
/// Real files under a root that count writes per path and can refuse writes to chosen paths the way a
/// read-only sysfs attribute does (a folder cannot: these tests run as root, which writes any regular file).
/// </summary>
internal sealed class WatchedFiles(string root) : ISysFiles
{
    private readonly RootedSysFiles _files = new(root);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _writes = new(StringComparer.Ordinal);

    public HashSet<string> ReadOnly { get; } = new(StringComparer.Ordinal);

    public string Root => _files.Root;

    public int WritesTo(string relativePath)
    {
        lock (_gate)
        {
            return _writes.GetValueOrDefault(relativePath);
        }
    }

    public ReadResult<string> ReadText(string relativePath) => _files.ReadText(relativePath);

    public ReadResult<int> ReadBytes(string relativePath, Span<byte> buffer) => _files.ReadBytes(relativePath, buffer);

    public WriteResult WriteText(string relativePath, string value)
    {
        lock (_gate)
        {
            _writes[relativePath] = _writes.GetValueOrDefault(relativePath) + 1;
        }

        return ReadOnly.Contains(relativePath)
            ? new WriteResult(ReadStatus.PermissionDenied, relativePath, "Permission denied")
            : _files.WriteText(relativePath, value);
    }

    public bool Exists(string relativePath) => _files.Exists(relativePath);

    public IReadOnlyList<string> List(string relativeDirectory, string pattern) => _files.List(relativeDirectory, pattern);
}
