using PiTune.Core.Platform;
using PiTune.Linux.Files;

namespace PiTune.Linux.Tests.Fan;

/// <summary>Files whose <c>export</c> writes fail as the kernel fails one for a line a driver holds: EBUSY.</summary>
internal sealed class BusyExport(ISysFiles files) : ISysFiles
{
    public string Root => files.Root;

    public ReadResult<string> ReadText(string relativePath) => files.ReadText(relativePath);

    public ReadResult<int> ReadBytes(string relativePath, Span<byte> buffer) => files.ReadBytes(relativePath, buffer);

    public WriteResult WriteText(string relativePath, string value)
    {
        if (!relativePath.EndsWith("/export", StringComparison.Ordinal))
        {
            return files.WriteText(relativePath, value);
        }

        (ReadStatus status, string detail) = Errno.Classify(Errno.EBUSY, write: true);
        return new WriteResult(status, relativePath, detail);
    }

    public bool Exists(string relativePath) => files.Exists(relativePath);

    public IReadOnlyList<string> List(string relativeDirectory, string pattern) => files.List(relativeDirectory, pattern);
}
