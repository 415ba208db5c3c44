using PiTune.Core.Platform;
using PiTune.Core.Units;

namespace PiTune.Linux.Parsing;

/// <summary>
/// Strict, total parsers for single-value sysfs attributes. Surrounding whitespace (the kernel's trailing
/// newline, a trailing space some drivers print) is framing; anything else that is not the format is
/// <see cref="ReadStatus.Garbage"/> with a detail quoting what was found. Nothing here throws.
/// </summary>
internal static class SysfsParse
{
    public static ReadResult<long> Int64(ReadOnlySpan<byte> text, string path)
    {
        ReadOnlySpan<byte> token = Utf8Text.Trim(text);
        if (token.IsEmpty)
        {
            return ReadResult<long>.Fail(ReadStatus.Empty, path);
        }

        NumberParse outcome = Utf8Text.ParseInt64(token, out long value);
        return outcome == NumberParse.Ok
            ? ReadResult<long>.Ok(value)
            : ReadResult<long>.Fail(ReadStatus.Garbage, path, Utf8Text.IntegerDetail(outcome, token));
    }

    public static ReadResult<int> Int32(ReadOnlySpan<byte> text, string path)
    {
        ReadResult<long> wide = Int64(text, path);
        if (!wide.IsOk)
        {
            return wide.As<int>();
        }

        return wide.Value is >= int.MinValue and <= int.MaxValue
            ? ReadResult<int>.Ok((int)wide.Value)
            : ReadResult<int>.Fail(ReadStatus.Garbage, path, Utf8Text.IntegerDetail(NumberParse.Overflow, Utf8Text.Trim(text)));
    }

    /// <summary>A count, state or level that cannot be negative (cur_state, pwm1, fan1_input).</summary>
    public static ReadResult<int> NonNegativeInt32(ReadOnlySpan<byte> text, string path)
    {
        ReadResult<int> value = Int32(text, path);
        return !value.IsOk || value.Value >= 0
            ? value
            : ReadResult<int>.Fail(ReadStatus.Garbage, path, $"expected a non-negative integer, found {Utf8Text.Quote(Utf8Text.Trim(text))}");
    }

    /// <summary>cpufreq attributes are kHz: non-negative integers.</summary>
    public static ReadResult<KiloHertz> KiloHertz(ReadOnlySpan<byte> text, string path)
    {
        ReadResult<long> value = Int64(text, path);
        if (!value.IsOk)
        {
            return value.As<KiloHertz>();
        }

        return value.Value >= 0
            ? ReadResult<KiloHertz>.Ok(new KiloHertz(value.Value))
            : ReadResult<KiloHertz>.Fail(ReadStatus.Garbage, path, $"expected a frequency in kHz, found {Utf8Text.Quote(Utf8Text.Trim(text))}");
    }

    /// <summary>Thermal attributes are millidegrees Celsius, and may be negative (a board in the cold).</summary>
    public static ReadResult<Celsius> Millidegrees(ReadOnlySpan<byte> text, string path)
    {
        ReadResult<long> value = Int64(text, path);
        return value.IsOk ? ReadResult<Celsius>.Ok(Celsius.FromMilli(value.Value)) : value.As<Celsius>();
    }

    /// <summary>A boolean attribute such as an alarm: exactly 0 or 1.</summary>
    public static ReadResult<bool> Flag(ReadOnlySpan<byte> text, string path)
    {
        ReadOnlySpan<byte> token = Utf8Text.Trim(text);
        if (token.IsEmpty)
        {
            return ReadResult<bool>.Fail(ReadStatus.Empty, path);
        }

        return token.Length == 1 && token[0] is (byte)'0' or (byte)'1'
            ? ReadResult<bool>.Ok(token[0] == (byte)'1')
            : ReadResult<bool>.Fail(ReadStatus.Garbage, path, $"expected 0 or 1, found {Utf8Text.Quote(token)}");
    }

    /// <summary>The firmware's get_throttled: a 32-bit hex field, printed without 0x by the kernel (accepted with it).</summary>
    public static ReadResult<ThrottleFlags> Throttled(ReadOnlySpan<byte> text, string path)
    {
        ReadOnlySpan<byte> token = Utf8Text.Trim(text);
        if (token.IsEmpty)
        {
            return ReadResult<ThrottleFlags>.Fail(ReadStatus.Empty, path);
        }

        ReadOnlySpan<byte> digits = token.Length > 2 && token[0] == (byte)'0' && (token[1] | 0x20) == (byte)'x' ? token[2..] : token;
        uint value = 0;
        bool ok = digits.Length is > 0 and <= 8;
        foreach (byte b in digits)
        {
            int nibble = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            ok &= nibble >= 0;
            value = (value << 4) | (uint)(nibble & 0xF);
        }

        return ok
            ? ReadResult<ThrottleFlags>.Ok((ThrottleFlags)value)
            : ReadResult<ThrottleFlags>.Fail(ReadStatus.Garbage, path, $"expected a 32-bit hexadecimal bit field, found {Utf8Text.Quote(token)}");
    }

    /// <summary>A space-separated list of names (scaling_available_governors, available_policies).</summary>
    public static ReadResult<IReadOnlyList<string>> Words(ReadOnlySpan<byte> text, string path)
    {
        var words = new List<string>();
        ReadOnlySpan<byte> rest = text;
        while (Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> word))
        {
            words.Add(System.Text.Encoding.UTF8.GetString(word));
        }

        return words.Count == 0
            ? ReadResult<IReadOnlyList<string>>.Fail(ReadStatus.Empty, path)
            : ReadResult<IReadOnlyList<string>>.Ok(words);
    }

    /// <summary>A space-separated list of CPU numbers (affected_cpus).</summary>
    public static ReadResult<IReadOnlyList<int>> CpuList(ReadOnlySpan<byte> text, string path) =>
        Numbers(text, path, int.MaxValue, "a CPU number", static n => (int)n, sort: false);

    /// <summary>scaling_available_frequencies: kHz values, returned ascending whatever order the driver prints.</summary>
    public static ReadResult<IReadOnlyList<KiloHertz>> KiloHertzList(ReadOnlySpan<byte> text, string path) =>
        Numbers(text, path, long.MaxValue, "a frequency in kHz", static n => new KiloHertz((long)n), sort: true);

    /// <summary>A space-separated list of unsigned integers no larger than <paramref name="max"/>, each made a <typeparamref name="T"/>.</summary>
    private static ReadResult<IReadOnlyList<T>> Numbers<T>(ReadOnlySpan<byte> text, string path, ulong max, string what, Func<ulong, T> make, bool sort)
    {
        var values = new List<T>();
        ReadOnlySpan<byte> rest = text;
        while (Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> word))
        {
            NumberParse outcome = Utf8Text.ParseUInt64(word, out ulong value);
            if (outcome == NumberParse.Ok && value > max)
            {
                outcome = NumberParse.Overflow;
            }

            if (outcome != NumberParse.Ok)
            {
                return ReadResult<IReadOnlyList<T>>.Fail(ReadStatus.Garbage, path, Utf8Text.IntegerDetail(outcome, word, what));
            }

            values.Add(make(value));
        }

        if (sort)
        {
            values.Sort();
        }

        return values.Count == 0
            ? ReadResult<IReadOnlyList<T>>.Fail(ReadStatus.Empty, path)
            : ReadResult<IReadOnlyList<T>>.Ok(values);
    }
}
