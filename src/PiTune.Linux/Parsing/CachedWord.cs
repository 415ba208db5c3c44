using System.Text;
using PiTune.Core.Platform;
using PiTune.Linux.Files;

namespace PiTune.Linux.Parsing;

/// <summary>
/// A one-word attribute read every tick (scaling_governor, a zone's policy) whose value rarely changes:
/// while the bytes equal the last value read, the same string is returned and nothing is allocated.
/// Safe to share between threads: the cached pair is immutable and swapped whole.
/// </summary>
internal sealed class CachedWord
{
    private Entry? _last;

    public ReadResult<string> Read(ISysFiles files, string path)
    {
        Span<byte> buffer = stackalloc byte[SysRead.AttributeBytes];
        ReadResult<int> read = files.ReadBytes(path, buffer);
        if (!read.IsOk)
        {
            return read.As<string>();
        }

        if (read.Value >= buffer.Length)
        {
            return ReadResult<string>.Fail(ReadStatus.Garbage, path, $"expected one word, the file is longer than {buffer.Length - 1} bytes");
        }

        return Parse(buffer[..read.Value], path);
    }

    public ReadResult<string> Parse(ReadOnlySpan<byte> text, string path)
    {
        ReadOnlySpan<byte> word = Utf8Text.Trim(text);
        if (word.IsEmpty)
        {
            return ReadResult<string>.Fail(ReadStatus.Empty, path);
        }

        Entry? last = Volatile.Read(ref _last);
        if (last is not null && word.SequenceEqual(last.Bytes))
        {
            return ReadResult<string>.Ok(last.Value);
        }

        // Names the kernel prints here are printable ASCII without spaces (governor and policy names).
        foreach (byte b in word)
        {
            if (b is <= (byte)' ' or >= 0x7F)
            {
                return ReadResult<string>.Fail(ReadStatus.Garbage, path, $"expected one word, found {Utf8Text.Quote(word)}");
            }
        }

        var entry = new Entry(word.ToArray(), Encoding.ASCII.GetString(word));
        Volatile.Write(ref _last, entry);
        return ReadResult<string>.Ok(entry.Value);
    }

    private sealed record Entry(byte[] Bytes, string Value);
}
