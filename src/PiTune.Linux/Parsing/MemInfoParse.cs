using PiTune.Core.Platform;

namespace PiTune.Linux.Parsing;

/// <summary>
/// <c>/proc/meminfo</c>: "Key:   value kB" lines. MemTotal and MemAvailable (kernel 3.14+) are required;
/// SwapTotal and SwapFree are absent on kernels built without swap and then count as 0. Lines PiTune does
/// not use are skipped unread, so a new or odd field elsewhere in the file cannot break sampling.
/// </summary>
internal static class MemInfoParse
{
    public static ReadResult<MemInfo> Parse(ReadOnlySpan<byte> text, string path)
    {
        if (Utf8Text.Trim(text).IsEmpty)
        {
            return ReadResult<MemInfo>.Fail(ReadStatus.Empty, path);
        }

        long total = -1, available = -1, swapTotal = 0, swapFree = 0;
        ReadOnlySpan<byte> rest = text;
        while (Utf8Text.NextLine(ref rest, out ReadOnlySpan<byte> line, out _))
        {
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            ReadOnlySpan<byte> key = line[..colon];
            ref long target = ref total;
            if (key.SequenceEqual("MemTotal"u8))
            {
                target = ref total;
            }
            else if (key.SequenceEqual("MemAvailable"u8))
            {
                target = ref available;
            }
            else if (key.SequenceEqual("SwapTotal"u8))
            {
                target = ref swapTotal;
            }
            else if (key.SequenceEqual("SwapFree"u8))
            {
                target = ref swapFree;
            }
            else
            {
                continue;
            }

            string? problem = ParseKilobytes(line[(colon + 1)..], out target);
            if (problem is not null)
            {
                return ReadResult<MemInfo>.Fail(ReadStatus.Garbage, path, $"{Utf8Text.Quote(key)}: {problem}");
            }
        }

        if (total < 0 || available < 0)
        {
            return ReadResult<MemInfo>.Fail(ReadStatus.Garbage, path, total < 0 ? "expected a MemTotal line, found none" : "expected a MemAvailable line, found none");
        }

        return ReadResult<MemInfo>.Ok(new MemInfo(total, available, swapTotal, swapFree));
    }

    /// <summary>"  8245520 kB" → bytes; null when it parsed, else what was wrong.</summary>
    private static string? ParseKilobytes(ReadOnlySpan<byte> field, out long bytes)
    {
        bytes = 0;
        ReadOnlySpan<byte> rest = field;
        Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> number);
        Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> unit);
        NumberParse outcome = Utf8Text.ParseUInt64(number, out ulong kb);
        if (outcome == NumberParse.Ok && kb > long.MaxValue / 1024)
        {
            outcome = NumberParse.Overflow;
        }

        if (outcome != NumberParse.Ok)
        {
            return Utf8Text.IntegerDetail(outcome, number, "a size in kB");
        }

        if (!unit.SequenceEqual("kB"u8) || !Utf8Text.Trim(rest).IsEmpty)
        {
            return $"expected '<n> kB', found {Utf8Text.Quote(Utf8Text.Trim(field))}";
        }

        bytes = (long)kb * 1024;
        return null;
    }
}
