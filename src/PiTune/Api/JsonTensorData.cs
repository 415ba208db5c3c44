using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PiTune.Inference.Models;

namespace PiTune.Api;

/// <summary>
/// Reads an input's JSON <c>data</c> into its tensor, row-major: either one flat array of every value, or
/// arrays nested exactly as the shape says (KServe v2 allows both). Nesting of another depth, or a row of
/// another length, is refused naming where it went wrong — even when the value count happens to be right.
/// </summary>
internal static class JsonTensorData
{
    /// <summary>Fills <paramref name="target"/> from the <c>data</c> value at the start of <paramref name="json"/>; null, or what is wrong.</summary>
    public static string? Fill(ReadOnlySpan<byte> json, ReadOnlySpan<long> shape, Span<float> target, string input) =>
        Fill(json, shape, MemoryMarshal.AsBytes(target), TensorDataType.Fp32, input);

    /// <summary>Fills <paramref name="target"/>, elements of <paramref name="type"/>, from the <c>data</c> value at the start of <paramref name="json"/>.</summary>
    public static string? Fill(ReadOnlySpan<byte> json, ReadOnlySpan<long> shape, Span<byte> target, TensorDataType type, string input)
    {
        var elements = new Elements(target, type);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        string label = $"input \"{input}\"";
        string shapeText = "[" + string.Join(",", shape.ToArray()) + "]";
        int count = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            // A lone number: a tensor of one value.
            return Store(ref reader, elements, ref count, label) ?? Count(count, elements.Length, label, shapeText);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return $"{label} data must be an array of numbers";
        }

        int rank = shape.Length;

        // Entries so far in the array open at each depth (1 is the outer array); nested == null until the
        // outer array's first entry says whether the data is flat or nested.
        Span<int> seen = stackalloc int[rank + 1];
        int depth = 1;
        bool? nested = rank == 1 ? true : null;
        while (depth > 0 && reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    if (nested == false)
                    {
                        return $"{label} data mixes numbers and arrays at {Entry(seen, depth)}";
                    }

                    if (depth == rank)
                    {
                        return $"{label} data is nested deeper than shape {shapeText} at {Entry(seen, depth)}";
                    }

                    nested = true;
                    seen[depth]++;
                    depth++;
                    seen[depth] = 0;
                    break;
                case JsonTokenType.EndArray:
                    if (nested == true && seen[depth] != shape[depth - 1])
                    {
                        string what = depth == rank ? "values" : "entries";
                        return $"{label} {Path(seen, depth)} has {seen[depth]} {what}; shape {shapeText} needs {shape[depth - 1]}";
                    }

                    depth--;
                    break;
                case JsonTokenType.Number:
                    if (nested is null)
                    {
                        nested = false;
                    }
                    else if (nested == true && depth < rank)
                    {
                        return $"{label} data is nested {depth} deep; shape {shapeText} needs {rank} levels, or one flat array";
                    }

                    seen[depth]++;
                    if (Store(ref reader, elements, ref count, label) is { } error)
                    {
                        return error;
                    }

                    break;
                default:
                    return $"{label} data must hold only numbers, found {reader.TokenType}";
            }
        }

        return Count(count, elements.Length, label, shapeText);
    }

    private static string? Store(ref Utf8JsonReader reader, Elements target, ref int count, string label)
    {
        if (!target.TryStore(ref reader, count))
        {
            // JSON has no infinity: an infinite result is a number too large for FP32.
            return target.Type == TensorDataType.Fp32
                ? $"{label} data holds a number beyond FP32 at element {count}"
                : $"{label} data holds a number that is not a whole number from 0 to {(target.Type == TensorDataType.Uint8 ? 255 : 65535)} ({target.Type.KServeName()}) at element {count}";
        }

        count++;
        return null;
    }

    private static string? Count(int count, int length, string label, string shapeText) =>
        count == length ? null : $"{label} has {count} values; shape {shapeText} needs {length}";

    /// <summary>The tensor being filled, element by element, in its own type (little-endian, as the binary extension sends it).</summary>
    private readonly ref struct Elements(Span<byte> bytes, TensorDataType type)
    {
        private readonly Span<byte> _bytes = bytes;

        public TensorDataType Type { get; } = type;

        public int Length => _bytes.Length / Type.Size();

        /// <summary>False when the number does not fit the type; a value past the end is counted, not stored.</summary>
        public bool TryStore(ref Utf8JsonReader reader, int index)
        {
            bool inside = index < Length;
            switch (Type)
            {
                case TensorDataType.Uint8:
                    if (!reader.TryGetByte(out byte b))
                    {
                        return false;
                    }

                    if (inside)
                    {
                        _bytes[index] = b;
                    }

                    return true;
                case TensorDataType.Uint16:
                    if (!reader.TryGetUInt16(out ushort u))
                    {
                        return false;
                    }

                    if (inside)
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(_bytes[(index * 2)..], u);
                    }

                    return true;
                default:
                    if (!reader.TryGetSingle(out float value) || float.IsInfinity(value))
                    {
                        return false;
                    }

                    if (inside)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(_bytes[(index * 4)..], value);
                    }

                    return true;
            }
        }
    }

    /// <summary>The array open at <paramref name="depth"/>, as <c>data[0][2]</c>.</summary>
    private static string Path(ReadOnlySpan<int> seen, int depth)
    {
        var path = new StringBuilder("data");
        for (int d = 1; d < depth; d++)
        {
            path.Append(CultureInfo.InvariantCulture, $"[{seen[d] - 1}]");
        }

        return path.ToString();
    }

    /// <summary>The next entry of the array open at <paramref name="depth"/>.</summary>
    private static string Entry(ReadOnlySpan<int> seen, int depth) => $"{Path(seen, depth)}[{seen[depth]}]";
}
