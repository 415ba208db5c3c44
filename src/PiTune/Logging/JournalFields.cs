using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PiTune.Logging;

/// <summary>
/// One journal entry in the journal's native protocol (systemd.journal-fields(7), "Native Journal
/// Protocol"): <c>KEY=value\n</c> per field, or, for a value holding a newline, <c>KEY\n</c> followed by
/// the value's length as a 64-bit little-endian integer, the value and <c>\n</c>.
/// </summary>
internal sealed class JournalFields
{
    // journald drops fields whose names are longer than this.
    private const int MaxNameLength = 64;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Clear() => _buffer.ResetWrittenCount();

    /// <summary>Appends a field; a value longer than <paramref name="maxValueBytes"/> is cut there (with a marker).</summary>
    public void Add(string name, string value, int maxValueBytes = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        ReadOnlySpan<byte> span = bytes;
        if (span.Length > maxValueBytes)
        {
            span = span[..maxValueBytes];
        }

        WriteAscii(name);
        if (span.Contains((byte)'\n'))
        {
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), (ulong)span.Length);
            _buffer.Advance(8);
        }
        else
        {
            _buffer.GetSpan(1)[0] = (byte)'=';
            _buffer.Advance(1);
        }

        _buffer.Write(span);
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
    }

    /// <summary>
    /// A journal field name from a property name: upper case letters, digits and underscores, not starting
    /// with an underscore (reserved for trusted fields) or a digit, at most 64 characters.
    /// </summary>
    public static string FieldName(string property)
    {
        ArgumentException.ThrowIfNullOrEmpty(property);
        var sb = new StringBuilder(property.Length + 2);
        foreach (char c in property)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        if (sb[0] is '_' or (>= '0' and <= '9'))
        {
            sb.Insert(0, 'F');
        }

        return sb.Length > MaxNameLength ? sb.ToString(0, MaxNameLength) : sb.ToString();
    }

    private void WriteAscii(string name)
    {
        Span<byte> span = _buffer.GetSpan(name.Length);
        int n = Encoding.ASCII.GetBytes(name, span);
        _buffer.Advance(n);
    }
}
