using PiTune.Core.Platform;
using PiTune.Linux.Files;

namespace PiTune.Sampling;

/// <summary>
/// <see cref="ISysFiles"/> that remembers which file the sampling thread is reading while it reads it, so a tick stuck
/// in a read that never returns (a sysfs attribute whose driver hangs in show(), e.g. on a wedged I2C bus) can say
/// which file. Only the thread that called <see cref="WatchCurrentThread"/> is tracked; the other threads' reads pass
/// straight through. Nothing is allocated per read.
/// </summary>
internal sealed class WatchedSysFiles(ISysFiles inner) : ISysFiles
{
    private int _watchedThread = -1;
    private string? _reading;

    public string Root => inner.Root;

    /// <summary>The root-relative path the watched thread is reading now; null between reads.</summary>
    public string? Reading => Volatile.Read(ref _reading);

    /// <summary>Tracks the calling thread's reads from now on (one thread: the sampler's).</summary>
    public void WatchCurrentThread() => Volatile.Write(ref _watchedThread, Environment.CurrentManagedThreadId);

    /// <summary>The absolute path of a root-relative one, as a person finds the file.</summary>
    public string FullPath(string relativePath) => Path.Join(Root, relativePath);

    public ReadResult<string> ReadText(string relativePath)
    {
        if (!IsWatched)
        {
            return inner.ReadText(relativePath);
        }

        Volatile.Write(ref _reading, relativePath);
        try
        {
            return inner.ReadText(relativePath);
        }
        finally
        {
            Volatile.Write(ref _reading, null);
        }
    }

    public ReadResult<int> ReadBytes(string relativePath, Span<byte> buffer)
    {
        if (!IsWatched)
        {
            return inner.ReadBytes(relativePath, buffer);
        }

        Volatile.Write(ref _reading, relativePath);
        try
        {
            return inner.ReadBytes(relativePath, buffer);
        }
        finally
        {
            Volatile.Write(ref _reading, null);
        }
    }

    public WriteResult WriteText(string relativePath, string value) => inner.WriteText(relativePath, value);

    public bool Exists(string relativePath) => inner.Exists(relativePath);

    public IReadOnlyList<string> List(string relativeDirectory, string pattern) => inner.List(relativeDirectory, pattern);

    private bool IsWatched => Environment.CurrentManagedThreadId == Volatile.Read(ref _watchedThread);
}
