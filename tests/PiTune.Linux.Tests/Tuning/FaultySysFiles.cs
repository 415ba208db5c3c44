using PiTune.Core.Platform;
using PiTune.Linux.Files;

namespace PiTune.Linux.Tests.Tuning;

/// <summary>
/// Real files under a root, with faults a test folder cannot produce when tests run as root:
/// a read or a write of a chosen path that fails with an I/O error (a write-only attribute, EIO from a driver).
/// Also keeps the order of writes.
/// </summary>
internal sealed class FaultySysFiles(string root) : ISysFiles
{
    private readonly RootedSysFiles _files = new(root);
    private readonly Lock _gate = new();
    private readonly List<string> _writes = [];

    public HashSet<string> FailReads { get; } = new(StringComparer.Ordinal);

    public HashSet<string> FailWrites { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs before each write (after it is counted), to look at or change the tree at that instant.</summary>
    public Action<string>? BeforeWrite { get; set; }

    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public string Root => _files.Root;

    public ReadResult<string> ReadText(string relativePath) =>
        FailReads.Contains(relativePath)
            ? ReadResult<string>.Fail(ReadStatus.IoError, relativePath, "Input/output error")
            : _files.ReadText(relativePath);

    public ReadResult<int> ReadBytes(string relativePath, Span<byte> buffer) => _files.ReadBytes(relativePath, buffer);

    public WriteResult WriteText(string relativePath, string value)
    {
        lock (_gate)
        {
            _writes.Add(relativePath);
        }

        BeforeWrite?.Invoke(relativePath);

        return FailWrites.Contains(relativePath)
            ? new WriteResult(ReadStatus.IoError, relativePath, "Input/output error")
            : _files.WriteText(relativePath, value);
    }

    public bool Exists(string relativePath) => _files.Exists(relativePath);

    public IReadOnlyList<string> List(string relativeDirectory, string pattern) => _files.List(relativeDirectory, pattern);
}
