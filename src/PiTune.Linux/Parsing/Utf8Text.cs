using System.Text;

namespace PiTune.Linux.Parsing;

/// <summary>
/// Allocation-free helpers over the UTF-8 (in practice ASCII) bytes of kernel files: trimming,
/// splitting into words and lines, and strict decimal integers that tell garbage from overflow.
/// </summary>
internal static class Utf8Text
{
    /// <summary>How many characters of a bad value a failure detail quotes.</summary>
    private const int MaxQuoted = 64;

    /// <summary>sysfs attributes end in a newline; device-tree strings in a NUL. Both are framing, not content.</summary>
    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0;

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        int start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }

        int end = text.Length;
        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>Takes the next whitespace-separated word off <paramref name="rest"/>; false when none is left.</summary>
    public static bool NextWord(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> word)
    {
        int start = 0;
        while (start < rest.Length && IsSpace(rest[start]))
        {
            start++;
        }

        int end = start;
        while (end < rest.Length && !IsSpace(rest[end]))
        {
            end++;
        }

        word = rest[start..end];
        rest = rest[end..];
        return !word.IsEmpty;
    }

    /// <summary>Takes the next line (without its newline) off <paramref name="rest"/>; false at the end of the text.</summary>
    public static bool NextLine(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> line, out bool terminated)
    {
        if (rest.IsEmpty)
        {
            line = default;
            terminated = false;
            return false;
        }

        int newline = rest.IndexOf((byte)'\n');
        terminated = newline >= 0;
        line = terminated ? rest[..newline] : rest;
        rest = terminated ? rest[(newline + 1)..] : [];
        return true;
    }

    /// <summary>A decimal integer: an optional '-' and digits only (no '+', no spaces, no hex).</summary>
    public static NumberParse ParseInt64(ReadOnlySpan<byte> token, out long value)
    {
        value = 0;
        bool negative = token.Length > 0 && token[0] == (byte)'-';
        NumberParse magnitude = ParseUInt64(negative ? token[1..] : token, out ulong abs);
        if (magnitude != NumberParse.Ok)
        {
            return magnitude;
        }

        if (negative ? abs > (ulong)long.MaxValue + 1 : abs > long.MaxValue)
        {
            return NumberParse.Overflow;
        }

        value = negative ? (long)(0 - abs) : (long)abs;
        return NumberParse.Ok;
    }

    /// <summary>Unsigned decimal digits only.</summary>
    public static NumberParse ParseUInt64(ReadOnlySpan<byte> token, out ulong value)
    {
        value = 0;
        if (token.IsEmpty)
        {
            return NumberParse.Garbage;
        }

        bool overflow = false;
        foreach (byte b in token)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                return NumberParse.Garbage;
            }

            // Keep scanning after an overflow: "99999999999999999999x" is garbage, not out of range.
            if (value > (ulong.MaxValue - digit) / 10)
            {
                overflow = true;
            }
            else
            {
                value = (value * 10) + digit;
            }
        }

        return overflow ? NumberParse.Overflow : NumberParse.Ok;
    }

    /// <summary>The detail for a failed integer: "expected an integer, found 'abc'" or "integer out of range, found '...'".</summary>
    public static string IntegerDetail(NumberParse outcome, ReadOnlySpan<byte> found, string expected = "an integer") =>
        outcome == NumberParse.Overflow
            ? $"integer out of range, found {Quote(found)}"
            : $"expected {expected}, found {Quote(found)}";

    /// <summary>The bad value as it appears in a failure detail: quoted, shortened, control bytes escaped.</summary>
    public static string Quote(ReadOnlySpan<byte> found)
    {
        string text = Encoding.UTF8.GetString(found.Length > MaxQuoted * 4 ? found[..(MaxQuoted * 4)] : found);
        var sb = new StringBuilder(text.Length + 2).Append('\'');
        int shown = 0;
        foreach (char c in text)
        {
            if (shown++ == MaxQuoted)
            {
                sb.Append('…');
                break;
            }

            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.Append('\'').ToString();
    }
}
