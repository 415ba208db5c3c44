using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Win32.SafeHandles;
using PiTune.Core.Platform;

namespace PiTune.Linux.Files;

/// <summary>
/// <see cref="ISysFiles"/> over a real directory tree: <c>/</c> on a Pi, a folder in tests and the simulator.
/// Each read opens, reads and closes the file (sysfs attributes are regenerated on open, and a file
/// that vanished with a hot-unplugged device is then reported as Missing rather than stale).
/// On Linux reads and writes go straight to libc: reads, once a path has been resolved, allocate nothing, and
/// a failed write says what errno said (a directory, a read-only mount, a full disk), not "access denied".
/// </summary>
public sealed class RootedSysFiles : ISysFiles
{
    // sysfs attributes are at most a page; /proc/stat on a many-core box can be larger, so grow up to this.
    private const int InitialTextBytes = 4096;
    private const int MaxTextBytes = 1024 * 1024;

    // The sampler reads the same few dozen paths forever; caching their absolute form saves a string per read.
    // Bounded so a caller inventing paths cannot grow it without end.
    private const int MaxCachedPaths = 4096;
    private readonly ConcurrentDictionary<string, string> _resolved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _resolvedNative = new(StringComparer.Ordinal);

    public RootedSysFiles(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string Resolve(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (_resolved.TryGetValue(relativePath, out string? full))
        {
            return full;
        }

        full = Path.Join(Root, relativePath);
        if (_resolved.Count < MaxCachedPaths)
        {
            _resolved.TryAdd(relativePath, full);
        }

        return full;
    }

    private byte[] ResolveNative(string relativePath)
    {
        if (_resolvedNative.TryGetValue(relativePath, out byte[]? full))
        {
            return full;
        }

        full = NativeFileReader.Encode(Path.Join(Root, relativePath));
        if (_resolvedNative.Count < MaxCachedPaths)
        {
            _resolvedNative.TryAdd(relativePath, full);
        }

        return full;
    }

    public ReadResult<string> ReadText(string relativePath)
    {
        for (int size = InitialTextBytes; ; size *= 4)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                ReadResult<int> read = ReadBytes(relativePath, buffer);
                if (!read.IsOk)
                {
                    return read.As<string>();
                }

                if (read.Value == buffer.Length && size < MaxTextBytes)
                {
                    continue;
                }

                ReadOnlySpan<byte> text = buffer.AsSpan(0, read.Value);
                while (text.Length > 0 && (text[^1] == (byte)'\n' || text[^1] == 0))
                {
                    text = text[..^1];
                }

                return ReadResult<string>.Ok(Encoding.UTF8.GetString(text));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public ReadResult<int> ReadBytes(string relativePath, Span<byte> buffer)
    {
        if (NativeFileReader.IsSupported)
        {
            return NativeFileReader.Read(ResolveNative(relativePath), relativePath, buffer);
        }

        try
        {
            using SafeFileHandle handle = File.OpenHandle(Resolve(relativePath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            int total = 0;
            while (total < buffer.Length)
            {
                // Position-based reads: sysfs and procfs serve the whole attribute from offset 0.
                int n = RandomAccess.Read(handle, buffer[total..], total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total == 0
                ? ReadResult<int>.Fail(ReadStatus.Empty, relativePath)
                : ReadResult<int>.Ok(total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // .NET reports opening a directory as access denied; it is not a permission problem.
            return Directory.Exists(Resolve(relativePath))
                ? ReadResult<int>.Fail(ReadStatus.IoError, relativePath, "is a directory")
                : ReadResult<int>.Fail(Classify(ex), relativePath, ex.Message);
        }
    }

    public WriteResult WriteText(string relativePath, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (NativeFileWriter.IsSupported)
        {
            return NativeFileWriter.Write(ResolveNative(relativePath), relativePath, Encoding.UTF8.GetBytes(value));
        }

        try
        {
            // Truncate, never create: a missing attribute must stay missing. sysfs ignores O_TRUNC.
            using SafeFileHandle handle = File.OpenHandle(Resolve(relativePath), FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite);
            RandomAccess.Write(handle, Encoding.UTF8.GetBytes(value), 0);
            return WriteResult.Ok(relativePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReadStatus status = Classify(ex);

            // A kernel attribute answers a value it does not accept with EINVAL.
            if (status == ReadStatus.IoError && ex.HResult == Errno.EINVAL)
            {
                status = ReadStatus.Garbage;
            }

            return new WriteResult(status, relativePath, ex.Message);
        }
    }

    public bool Exists(string relativePath) => Path.Exists(Resolve(relativePath));

    public IReadOnlyList<string> List(string relativeDirectory, string pattern)
    {
        try
        {
            string dir = Resolve(relativeDirectory);
            if (!Directory.Exists(dir))
            {
                return [];
            }

            string[] names = Directory.GetFileSystemEntries(dir, pattern).Select(Path.GetFileName).OfType<string>().ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static ReadStatus Classify(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => ReadStatus.Missing,
        UnauthorizedAccessException => ReadStatus.PermissionDenied,
        _ when ex.HResult == Errno.ENOENT || ex.HResult == Errno.ENODEV => ReadStatus.Missing,
        _ when ex.HResult == Errno.EACCES || ex.HResult == Errno.EPERM => ReadStatus.PermissionDenied,
        _ => ReadStatus.IoError,
    };

    /// <summary>On Unix, .NET puts the errno in an IOException's HResult for errors it does not map to a type.</summary>
    private static class Errno
    {
        public const int EPERM = 1;
        public const int ENOENT = 2;
        public const int EACCES = 13;
        public const int ENODEV = 19;
        public const int EINVAL = 22;
    }
}
