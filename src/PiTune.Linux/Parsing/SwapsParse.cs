using System.Text;
using PiTune.Core.Platform;

namespace PiTune.Linux.Parsing;

/// <summary>
/// <c>/proc/swaps</c>: a header line, then "Filename Type Size Used Priority" separated by whitespace,
/// sizes in kB. The kernel escapes space, tab, newline and backslash in the filename as octal (<c>\040</c>),
/// which is decoded here so a swap file in "/mnt/my swap" comes back as that path.
/// </summary>
internal static class SwapsParse
{
    public static ReadResult<IReadOnlyList<SwapEntry>> Parse(ReadOnlySpan<byte> text, string path)
    {
        if (Utf8Text.Trim(text).IsEmpty)
        {
            return ReadResult<IReadOnlyList<SwapEntry>>.Fail(ReadStatus.Empty, path);
        }

        var entries = new List<SwapEntry>();
        ReadOnlySpan<byte> rest = text;
        bool first = true;
        while (Utf8Text.NextLine(ref rest, out ReadOnlySpan<byte> line, out _))
        {
            if (first && line.StartsWith("Filename"u8))
            {
                first = false;
                continue;
            }

            first = false;
            if (Utf8Text.Trim(line).IsEmpty)
            {
                continue;
            }

            string? problem = ParseLine(line, out SwapEntry? entry);
            if (problem is not null)
            {
                return ReadResult<IReadOnlyList<SwapEntry>>.Fail(ReadStatus.Garbage, path, problem);
            }

            entries.Add(entry!);
        }

        return ReadResult<IReadOnlyList<SwapEntry>>.Ok(entries);
    }

    private static string? ParseLine(ReadOnlySpan<byte> line, out SwapEntry? entry)
    {
        entry = null;
        ReadOnlySpan<byte> rest = line;
        if (!Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> name)
            || !Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> type)
            || !Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> size)
            || !Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> used)
            || !Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> priority)
            || Utf8Text.NextWord(ref rest, out _))
        {
            return $"expected 'filename type size used priority', found {Utf8Text.Quote(line)}";
        }

        string? filename = Unescape(name);
        if (filename is null)
        {
            return $"expected octal escapes such as \\040 in the filename, found {Utf8Text.Quote(name)}";
        }

        if (Kilobytes(size, out long sizeBytes) is { } sizeProblem)
        {
            return $"size of {filename}: {sizeProblem}";
        }

        if (Kilobytes(used, out long usedBytes) is { } usedProblem)
        {
            return $"used of {filename}: {usedProblem}";
        }

        NumberParse outcome = Utf8Text.ParseInt64(priority, out long prio);
        if (outcome == NumberParse.Ok && prio is < int.MinValue or > int.MaxValue)
        {
            outcome = NumberParse.Overflow;
        }

        if (outcome != NumberParse.Ok)
        {
            return $"priority of {filename}: {Utf8Text.IntegerDetail(outcome, priority)}";
        }

        entry = new SwapEntry(filename, Encoding.UTF8.GetString(type), sizeBytes, usedBytes, (int)prio);
        return null;
    }

    private static string? Kilobytes(ReadOnlySpan<byte> word, out long bytes)
    {
        bytes = 0;
        NumberParse outcome = Utf8Text.ParseUInt64(word, out ulong kb);
        if (outcome == NumberParse.Ok && kb > long.MaxValue / 1024)
        {
            outcome = NumberParse.Overflow;
        }

        if (outcome != NumberParse.Ok)
        {
            return Utf8Text.IntegerDetail(outcome, word, "a size in kB");
        }

        bytes = (long)kb * 1024;
        return null;
    }

    /// <summary>Decodes the kernel's <c>\ooo</c> escapes; null when a backslash is not followed by three octal digits.</summary>
    internal static string? Unescape(ReadOnlySpan<byte> escaped)
    {
        if (escaped.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(escaped);
        }

        var bytes = new List<byte>(escaped.Length);
        for (int i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != (byte)'\\')
            {
                bytes.Add(escaped[i]);
                continue;
            }

            if (i + 3 >= escaped.Length)
            {
                return null;
            }

            int value = 0;
            for (int k = 1; k <= 3; k++)
            {
                int digit = escaped[i + k] - '0';
                if (digit is < 0 or > 7)
                {
                    return null;
                }

                value = (value * 8) + digit;
            }

            if (value > 0xFF)
            {
                return null;
            }

            bytes.Add((byte)value);
            i += 3;
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
