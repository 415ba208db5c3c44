using System.Buffers;
using PiTune.Core.Platform;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Files;

/// <summary>
/// Reads a kernel file into a stack or pooled buffer and hands the bytes to a parser, so a steady-state
/// read allocates nothing. A file that fills the whole buffer is treated as not the expected format
/// rather than parsed truncated.
/// </summary>
internal static class SysRead
{
    /// <summary>A sysfs attribute of one value is a few bytes; anything this long is not one.</summary>
    public const int AttributeBytes = 128;

    /// <summary>Files larger than a page (meminfo, swaps on a busy box) are read into pooled arrays up to this.</summary>
    private const int MaxFileBytes = 1024 * 1024;

    /// <summary>Reads a small file (at most <paramref name="capacity"/> bytes, ≤ 1 KiB) on the stack.</summary>
    public static ReadResult<T> Small<T>(ISysFiles files, string path, AttributeParser<T> parse, int capacity = AttributeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1024);
        Span<byte> buffer = stackalloc byte[capacity];
        ReadResult<int> read = files.ReadBytes(path, buffer);
        if (!read.IsOk)
        {
            return read.As<T>();
        }

        return read.Value >= buffer.Length
            ? ReadResult<T>.Fail(ReadStatus.Garbage, path, $"expected at most {capacity - 1} bytes, the file is longer")
            : parse(buffer[..read.Value], path);
    }

    /// <summary>Reads a whole file of any size into a pooled buffer that grows as needed.</summary>
    public static ReadResult<T> Whole<T>(ISysFiles files, string path, AttributeParser<T> parse, int initialCapacity = 4096)
    {
        for (int size = initialCapacity; ; size *= 4)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                ReadResult<int> read = files.ReadBytes(path, buffer);
                if (!read.IsOk)
                {
                    return read.As<T>();
                }

                if (read.Value >= buffer.Length)
                {
                    if (size < MaxFileBytes)
                    {
                        continue;
                    }

                    return ReadResult<T>.Fail(ReadStatus.Garbage, path, $"expected at most {MaxFileBytes} bytes, the file is longer");
                }

                return parse(buffer.AsSpan(0, read.Value), path);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
