using PiTune.Core.Platform;

namespace PiTune.Linux.Parsing;

/// <summary>
/// The CPU lines at the top of <c>/proc/stat</c>: <c>cpu</c> (all CPUs) then <c>cpuN</c> for each online CPU,
/// each with at least 8 counters (user nice system idle iowait irq softirq steal; newer kernels add guest
/// and guest_nice, which are already counted in user and nice, so they are checked and ignored).
/// Parsing stops at the first other line, so the long <c>intr</c> line is never read.
/// </summary>
internal static class ProcStatParse
{
    private const int Counters = 8;

    /// <param name="text">The file's start; may end mid-line when <paramref name="truncated"/>.</param>
    /// <param name="needMore">Set when the text ended inside the CPU lines: read more of the file and parse again.</param>
    /// <returns>The number of <c>cpuN</c> lines.</returns>
    public static ReadResult<int> Parse(
        ReadOnlySpan<byte> text, bool truncated, string path,
        out CpuTimes total, Span<CpuTimes> perCpu, out int highestCpu, out bool needMore)
    {
        total = default;
        highestCpu = -1;
        needMore = false;
        perCpu.Clear();
        bool sawTotal = false;
        bool blockEnded = false;
        int count = 0;
        ReadOnlySpan<byte> rest = text;
        while (Utf8Text.NextLine(ref rest, out ReadOnlySpan<byte> line, out bool terminated))
        {
            bool cpuLine = line.StartsWith("cpu"u8);
            if (truncated && !terminated && (cpuLine || "cpu"u8.StartsWith(line)))
            {
                // A partial last line that could still be a CPU line: what we have is not enough.
                break;
            }

            if (!cpuLine)
            {
                blockEnded = true;
                if (!sawTotal && !Utf8Text.Trim(text).IsEmpty)
                {
                    return ReadResult<int>.Fail(ReadStatus.Garbage, path, $"expected the 'cpu' line first, found {Utf8Text.Quote(line)}");
                }

                break;
            }

            ReadOnlySpan<byte> fields = line;
            Utf8Text.NextWord(ref fields, out ReadOnlySpan<byte> label);
            ReadResult<CpuTimes> times = ParseCounters(fields, label, path);
            if (!times.IsOk)
            {
                return times.As<int>();
            }

            if (label.Length == 3)
            {
                if (sawTotal)
                {
                    return ReadResult<int>.Fail(ReadStatus.Garbage, path, "expected one 'cpu' line, found a second");
                }

                total = times.Value;
                sawTotal = true;
                continue;
            }

            if (!sawTotal)
            {
                return ReadResult<int>.Fail(ReadStatus.Garbage, path, $"expected the 'cpu' line first, found {Utf8Text.Quote(label)}");
            }

            NumberParse outcome = Utf8Text.ParseUInt64(label[3..], out ulong cpu);
            if (outcome != NumberParse.Ok || cpu > int.MaxValue)
            {
                return ReadResult<int>.Fail(ReadStatus.Garbage, path, $"expected 'cpu' or 'cpuN', found {Utf8Text.Quote(label)}");
            }

            // The kernel prints online CPUs once each, ascending; a repeat would be counted as another core.
            if ((int)cpu <= highestCpu)
            {
                return ReadResult<int>.Fail(ReadStatus.Garbage, path, $"expected the 'cpuN' lines in ascending order, found {Utf8Text.Quote(label)} after cpu{highestCpu}");
            }

            if ((int)cpu < perCpu.Length)
            {
                perCpu[(int)cpu] = times.Value;
            }

            highestCpu = Math.Max(highestCpu, (int)cpu);
            count++;
        }

        if (truncated && !blockEnded)
        {
            // The buffer ended inside the CPU lines (mid-line, or exactly at a line end with more to come).
            needMore = true;
            return ReadResult<int>.Fail(ReadStatus.Garbage, path, "the CPU lines do not fit the read buffer");
        }

        if (!sawTotal)
        {
            return Utf8Text.Trim(text).IsEmpty
                ? ReadResult<int>.Fail(ReadStatus.Empty, path)
                : ReadResult<int>.Fail(ReadStatus.Garbage, path, "expected a 'cpu' line, found none");
        }

        return ReadResult<int>.Ok(count);
    }

    private static ReadResult<CpuTimes> ParseCounters(ReadOnlySpan<byte> fields, ReadOnlySpan<byte> label, string path)
    {
        Span<ulong> c = stackalloc ulong[Counters];
        int n = 0;
        while (Utf8Text.NextWord(ref fields, out ReadOnlySpan<byte> word))
        {
            NumberParse outcome = Utf8Text.ParseUInt64(word, out ulong value);
            if (outcome != NumberParse.Ok)
            {
                return ReadResult<CpuTimes>.Fail(ReadStatus.Garbage, path,
                    $"{Utf8Text.Quote(label)}: " + Utf8Text.IntegerDetail(outcome, word, "a tick counter"));
            }

            if (n < Counters)
            {
                c[n] = value;
            }

            n++;
        }

        return n < Counters
            ? ReadResult<CpuTimes>.Fail(ReadStatus.Garbage, path, $"{Utf8Text.Quote(label)}: expected at least {Counters} counters, found {n}")
            : ReadResult<CpuTimes>.Ok(new CpuTimes(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]));
    }
}
