using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Linux.Parsing;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Parsing;

/// <summary>
/// Properties every sysfs/procfs parser holds: it never throws, a failure is a typed result naming the path, and a
/// value the kernel would print parses back to itself. A fixed replay seed makes each run test the same cases; the
/// properties are invariants, so any seed would pass. bench/fuzz fuzzes the same parsers for minutes at a time.
/// </summary>
public sealed class ParserProperties
{
    private const string Seed = "20261201,4242424243";
    private const string Path = "sys/p/attr";

    /// <summary>Bytes biased to what the parsers branch on: digits, signs, spaces, newlines, the words they look for.</summary>
    private static readonly Arbitrary<byte[]> KernelishBytes = Gen.OneOf(
            Gen.Elements("0123456789 -\t\n\0x:kBcpuavgsomefulltotal=.\\Filename7"u8.ToArray()),
            ArbMap.Default.GeneratorFor<byte>())
        .ArrayOf().ToArbitrary();

    private static readonly AttributeParser<string>[] AllParsers =
    [
        (t, p) => Describe(SysfsParse.Int64(t, p)),
        (t, p) => Describe(SysfsParse.Int32(t, p)),
        (t, p) => Describe(SysfsParse.NonNegativeInt32(t, p)),
        (t, p) => Describe(SysfsParse.KiloHertz(t, p)),
        (t, p) => Describe(SysfsParse.Millidegrees(t, p)),
        (t, p) => Describe(SysfsParse.Flag(t, p)),
        (t, p) => Describe(SysfsParse.Throttled(t, p)),
        (t, p) => Describe(SysfsParse.Words(t, p)),
        (t, p) => Describe(SysfsParse.CpuList(t, p)),
        (t, p) => Describe(SysfsParse.KiloHertzList(t, p)),
        (t, p) => Describe(MemInfoParse.Parse(t, p)),
        (t, p) => Describe(PressureParse.Parse(t, p)),
        (t, p) => Describe(SwapsParse.Parse(t, p)),
        (t, p) => Describe(new CachedWord().Parse(t, p)),
        (t, p) => Describe(ProcStatParse.Parse(t, truncated: false, p, out _, new CpuTimes[4], out _, out _)),
        (t, p) => Describe(ProcStatParse.Parse(t, truncated: true, p, out _, new CpuTimes[4], out _, out _)),
    ];

    private static ReadResult<string> Describe<T>(ReadResult<T> result)
    {
        // A failure must name the path and say what it is; Ok must carry a value.
        Assert.True(result.IsOk ? result.Value is not null : result.Path == Path && result.Status != ReadStatus.Ok, result.ToString());
        return ReadResult<string>.Ok(result.Describe());
    }

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    private static string Framed(string value, byte framing) =>
        (framing % 4) switch { 0 => value, 1 => value + "\n", 2 => " " + value + " \n", _ => value + "\0" };

    [Property(Replay = Seed)]
    public Property Every_parser_returns_a_value_or_a_typed_error_for_any_bytes() =>
        Prop.ForAll(KernelishBytes, text =>
        {
            foreach (AttributeParser<string> parse in AllParsers)
            {
                Assert.True(parse(text, Path).IsOk);
            }
        });

    [Property(Replay = Seed)]
    public void A_printed_long_parses_back(long value, byte framing)
    {
        ReadResult<long> result = SysfsParse.Int64(B(Framed(value.ToString(CultureInfo.InvariantCulture), framing)), Path);

        Assert.Equal(value, result.Value);
    }

    [Property(Replay = Seed)]
    public void A_printed_int_parses_back_and_a_negative_one_is_not_a_count(int value, byte framing)
    {
        byte[] text = B(Framed(value.ToString(CultureInfo.InvariantCulture), framing));

        Assert.Equal(value, SysfsParse.Int32(text, Path).Value);
        Assert.Equal(value >= 0 ? ReadStatus.Ok : ReadStatus.Garbage, SysfsParse.NonNegativeInt32(text, Path).Status);
    }

    [Property(Replay = Seed)]
    public void A_long_beyond_int_range_is_overflow_not_a_wrapped_int(long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            return;
        }

        ReadResult<int> result = SysfsParse.Int32(B(value.ToString(CultureInfo.InvariantCulture)), Path);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.StartsWith("integer out of range", result.Detail, StringComparison.Ordinal);
    }

    [Property(Replay = Seed)]
    public void Frequencies_and_temperatures_parse_back_in_their_units(long value)
    {
        byte[] text = B(value.ToString(CultureInfo.InvariantCulture) + "\n");

        ReadResult<KiloHertz> frequency = SysfsParse.KiloHertz(text, Path);
        Assert.Equal(value >= 0 ? ReadStatus.Ok : ReadStatus.Garbage, frequency.Status);
        Assert.Equal(value >= 0 ? new KiloHertz(value) : default, frequency.Value);
        Assert.Equal(Celsius.FromMilli(value), SysfsParse.Millidegrees(text, Path).Value);
    }

    [Property(Replay = Seed)]
    public void Throttle_flags_parse_back_however_the_hex_is_written(uint flags, bool prefix, bool upper)
    {
        string hex = flags.ToString(upper ? "X" : "x", CultureInfo.InvariantCulture);

        Assert.Equal((ThrottleFlags)flags, SysfsParse.Throttled(B((prefix ? "0x" : "") + hex + "\n"), Path).Value);
    }

    [Property(Replay = Seed)]
    public void A_frequency_list_comes_back_sorted_and_a_cpu_list_in_order(uint[] values)
    {
        if (values.Length == 0)
        {
            return;
        }

        string text = string.Join(' ', values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + " \n";

        Assert.Equal(values.Order().Select(v => new KiloHertz(v)), SysfsParse.KiloHertzList(B(text), Path).Value!);
        ReadResult<IReadOnlyList<int>> cpus = SysfsParse.CpuList(B(text), Path);
        if (values.All(v => v <= int.MaxValue))
        {
            Assert.Equal(values.Select(v => (int)v), cpus.Value!);
        }
        else
        {
            Assert.StartsWith("integer out of range", cpus.Detail, StringComparison.Ordinal);
        }
    }

    [Property(Replay = Seed)]
    public void Meminfo_as_the_kernel_prints_it_parses_back_to_bytes(uint total, uint available, uint swapTotal, uint swapFree)
    {
        ReadResult<MemInfo> result = MemInfoParse.Parse(B(Pi5Layout.MemInfo(total, available, swapTotal, swapFree)), Path);

        Assert.Equal(new MemInfo(total * 1024L, available * 1024L, swapTotal * 1024L, swapFree * 1024L), result.Value);
    }

    [Property(Replay = Seed)]
    public void A_pressure_file_parses_back_to_its_hundredths(ushort avg10, ushort avg60, ushort avg300, ulong total, bool full)
    {
        // The kernel prints each average as a percentage with two decimals, 0.00 to 100.00.
        double a = avg10 % 10001 / 100.0, b = avg60 % 10001 / 100.0, c = avg300 % 10001 / 100.0;
        string text = Pi5Layout.PressureLine("some", a, b, c, total) + (full ? Pi5Layout.PressureLine("full", c, b, a, total / 2) : "");

        PressureStall value = PressureParse.Parse(B(text), Path).Value!;

        Assert.Equal((a, b, c, total), (value.SomeAvg10, value.SomeAvg60, value.SomeAvg300, value.SomeTotalMicros));
        Assert.Equal(full ? (c, b, a, total / 2) : (0.0, 0.0, 0.0, 0UL), (value.FullAvg10, value.FullAvg60, value.FullAvg300, value.FullTotalMicros));
    }

    [Property(Replay = Seed)]
    public void A_swap_filename_survives_the_kernels_octal_escaping(NonEmptyString name, uint sizeKb, uint usedKb, short priority)
    {
        // The kernel escapes only these four; a carriage return or NUL in a swap file's name is not a case to serve.
        string filename = "/" + new string([.. name.Get.Where(c => c is not ('\r' or '\0'))]);
        var escaped = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(filename))
        {
            // What the kernel's seq_file escapes in /proc/swaps: space, tab, newline, backslash.
            escaped.Append(b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\\' ? "\\" + Convert.ToString(b, 8).PadLeft(3, '0') : ((char)b).ToString());
        }

        string text = $"Filename\tType\tSize\tUsed\tPriority\n{escaped}\tfile\t{sizeKb}\t{usedKb}\t{priority}\n";
        ReadResult<IReadOnlyList<SwapEntry>> result = SwapsParse.Parse(Encoding.Latin1.GetBytes(text), Path);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(new SwapEntry(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(filename)), "file", sizeKb * 1024L, usedKb * 1024L, priority), Assert.Single(result.Value));
    }

    [Property(Replay = Seed)]
    public void Proc_stat_read_in_any_prefix_is_either_enough_or_asks_for_more(ulong[] busy, byte cut)
    {
        ulong[] b = [.. busy.Take(8).Select(v => v % 1_000_000_000)];
        ulong[] idle = [.. b.Select(v => v / 3)];
        byte[] text = B(Pi5Layout.ProcStat(b, idle));
        var whole = new CpuTimes[8];
        ReadResult<int> full = ProcStatParse.Parse(text, truncated: false, Path, out CpuTimes total, whole, out _, out _);
        Assert.Equal(b.Length, full.Value);

        // A read buffer that stopped short: the parse either has every CPU line or says to read more.
        int length = Math.Min(text.Length, cut * text.Length / 255);
        var part = new CpuTimes[8];
        ReadResult<int> prefix = ProcStatParse.Parse(text.AsSpan(0, length), truncated: length < text.Length, Path, out CpuTimes prefixTotal, part, out _, out bool needMore);
        Assert.True(needMore || (prefix.IsOk && prefix.Value == b.Length && prefixTotal == total && part.SequenceEqual(whole)), $"{length} of {text.Length}: {prefix}");
    }

    [Property(Replay = Seed)]
    public void Words_come_back_as_printed(NonEmptyString[] words)
    {
        string[] clean = [.. words.Select(w => new string([.. w.Get.Where(c => c is > ' ' and < (char)0x7F)])).Where(w => w.Length > 0)];
        if (clean.Length == 0)
        {
            return;
        }

        Assert.Equal(clean, SysfsParse.Words(B(string.Join(' ', clean) + "\n"), Path).Value!);
        Assert.Equal(clean[0], new CachedWord().Parse(B(clean[0] + "\n"), Path).Value);
    }
}
