using PiTune.Core.Platform;
using PiTune.Linux.Parsing;

namespace PiTune.Fuzz;

/// <summary>
/// The sysfs and procfs parsers. Input: a selector byte (which parser; for /proc/stat also whether the read was
/// truncated), then the file's bytes. Every parser must return a value or a failing <see cref="ReadResult{T}"/>
/// that names the path; <see cref="ReadResult{T}.Describe"/> must work on it.
/// </summary>
internal static class SysfsTarget
{
    private const string Path = "sys/fuzz";

    private static readonly CachedWord Word = new();

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte selector = input[0];
        ReadOnlySpan<byte> text = input[1..];
        switch (selector % 16)
        {
            case 0: Check(SysfsParse.Int64(text, Path)); break;
            case 1: Check(SysfsParse.Int32(text, Path)); break;
            case 2: Check(SysfsParse.NonNegativeInt32(text, Path)); break;
            case 3: Check(SysfsParse.KiloHertz(text, Path)); break;
            case 4: Check(SysfsParse.Millidegrees(text, Path)); break;
            case 5: Check(SysfsParse.Flag(text, Path)); break;
            case 6: Check(SysfsParse.Throttled(text, Path)); break;
            case 7: Check(SysfsParse.Words(text, Path)); break;
            case 8: Check(SysfsParse.CpuList(text, Path)); break;
            case 9: Check(SysfsParse.KiloHertzList(text, Path)); break;
            case 10: Check(MemInfoParse.Parse(text, Path)); break;
            case 11: Check(PressureParse.Parse(text, Path)); break;
            case 12: Check(SwapsParse.Parse(text, Path)); break;
            case 13: ProcStat(text, truncated: (selector & 0x10) != 0); break;
            case 14: Check(Word.Parse(text, Path)); break;
            default: _ = SwapsParse.Unescape(text); break;
        }
    }

    private static void ProcStat(ReadOnlySpan<byte> text, bool truncated)
    {
        Span<CpuTimes> perCpu = stackalloc CpuTimes[4];
        ReadResult<int> result = ProcStatParse.Parse(text, truncated, Path, out _, perCpu, out int highest, out bool needMore);
        Check(result);
        if (result.IsOk && (result.Value < 0 || highest < result.Value - 1 || needMore))
        {
            throw new ContractBrokenException($"/proc/stat: {result.Value} CPUs, highest {highest}, needMore {needMore}");
        }

        if (needMore && !truncated)
        {
            throw new ContractBrokenException("/proc/stat asked for more of a file it read whole");
        }
    }

    private static void Check<T>(ReadResult<T> result)
    {
        string described = result.Describe();
        if (result.IsOk ? result.Value is null : result.Path != Path || described.Length == 0)
        {
            throw new ContractBrokenException($"inconsistent result: {described}");
        }
    }
}
