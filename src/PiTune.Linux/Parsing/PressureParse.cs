using System.Globalization;
using PiTune.Core.Platform;

namespace PiTune.Linux.Parsing;

/// <summary>
/// A PSI file: "some avg10=0.12 avg60=0.05 avg300=0.01 total=123456" and, except for CPU on kernels
/// before 5.13, the same for "full". Fields must come in the kernel's order; the full line is optional.
/// </summary>
internal static class PressureParse
{
    public static ReadResult<PressureStall> Parse(ReadOnlySpan<byte> text, string path)
    {
        if (Utf8Text.Trim(text).IsEmpty)
        {
            return ReadResult<PressureStall>.Fail(ReadStatus.Empty, path);
        }

        ReadOnlySpan<byte> rest = text;
        Utf8Text.NextLine(ref rest, out ReadOnlySpan<byte> first, out _);
        string? problem = ParseLine(first, "some"u8, out Line some);
        if (problem is not null)
        {
            return ReadResult<PressureStall>.Fail(ReadStatus.Garbage, path, problem);
        }

        Line full = default;
        if (Utf8Text.NextLine(ref rest, out ReadOnlySpan<byte> second, out _) && !Utf8Text.Trim(second).IsEmpty)
        {
            problem = ParseLine(second, "full"u8, out full);
            if (problem is not null)
            {
                return ReadResult<PressureStall>.Fail(ReadStatus.Garbage, path, problem);
            }
        }

        return ReadResult<PressureStall>.Ok(new PressureStall(
            some.Avg10, some.Avg60, some.Avg300, some.Total, full.Avg10, full.Avg60, full.Avg300, full.Total));
    }

    private static string? ParseLine(ReadOnlySpan<byte> line, ReadOnlySpan<byte> kind, out Line parsed)
    {
        parsed = default;
        ReadOnlySpan<byte> rest = line;
        Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> label);
        if (!label.SequenceEqual(kind))
        {
            return $"expected a line starting '{System.Text.Encoding.ASCII.GetString(kind)}', found {Utf8Text.Quote(line)}";
        }

        if (Average(ref rest, "avg10="u8, out double avg10) is { } e1)
        {
            return e1;
        }

        if (Average(ref rest, "avg60="u8, out double avg60) is { } e2)
        {
            return e2;
        }

        if (Average(ref rest, "avg300="u8, out double avg300) is { } e3)
        {
            return e3;
        }

        if (!Field(ref rest, "total="u8, out ReadOnlySpan<byte> value) || Utf8Text.ParseUInt64(value, out ulong total) != NumberParse.Ok)
        {
            return $"expected total=<microseconds>, found {Utf8Text.Quote(line)}";
        }

        if (Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> extra))
        {
            return $"expected the line to end after total, found {Utf8Text.Quote(extra)}";
        }

        parsed = new Line(avg10, avg60, avg300, total);
        return null;
    }

    private static string? Average(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> key, out double value)
    {
        value = 0;
        if (Field(ref rest, key, out ReadOnlySpan<byte> text)
            && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && value <= 100)
        {
            return null;
        }

        return $"expected {System.Text.Encoding.ASCII.GetString(key)}<percent>, found {Utf8Text.Quote(text)}";
    }

    private static bool Field(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        Utf8Text.NextWord(ref rest, out ReadOnlySpan<byte> word);
        bool ok = word.StartsWith(key);
        value = ok ? word[key.Length..] : word;
        return ok;
    }

    private readonly record struct Line(double Avg10, double Avg60, double Avg300, ulong Total);
}
