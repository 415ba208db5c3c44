using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PiTune.Api;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Tests.Api;

/// <summary>
/// The infer request parser's invariants: any header and binary bytes give a request or an error message (never an
/// exception), nothing stays rented from the pool after a refusal, and the numbers sent (JSON or binary) are the
/// numbers parsed. A fixed replay seed; the properties hold for any seed. bench/fuzz fuzzes the same parser.
/// </summary>
public sealed class InferRequestParserProperties : IDisposable
{
    private const string Seed = "20261201,4242424243";

    private static readonly ModelSignature Signature = new(
        new TensorSpec("x", [3, 2, 2]), [new TensorSpec("softmax_0.tmp_0", [2])], FixedBatch: null, MaxBatchSize: 4);

    /// <summary>Bytes biased to JSON's structure and the request's keys, so most inputs get past the first token.</summary>
    private static readonly Arbitrary<byte[]> JsonishBytes = Gen.OneOf(
            Gen.Elements(["{", "}", "[", "]", ",", ":", "\"", "1", "-2.5e3", "null", "true", "\"inputs\"", "\"name\"", "\"x\"",
                "\"shape\"", "\"datatype\"", "\"FP32\"", "\"data\"", "\"parameters\"", "\"binary_data_size\"", "48", "\"timeout\"",
                "9223372036854775807", "\"outputs\"", " "]).Select(Encoding.UTF8.GetBytes),
            ArbMap.Default.GeneratorFor<byte>().Select(b => new[] { b }))
        .ListOf().Select(parts => parts.SelectMany(p => p).ToArray()).ToArbitrary();

    private readonly BufferPool _pool = new(1L << 20);

    public void Dispose() => _pool.Dispose();

    private ParsedInfer? Parse(byte[] header, byte[] binary, out string? error, bool rejectNonFinite = true)
    {
        var options = new ModelOptions { Name = "m", MaxBatchSize = 4, RejectNonFinite = rejectNonFinite };
        ParsedInfer? parsed = InferRequestParser.TryParse(header, binary, options, Signature, _pool, out error, out bool poolFull);
        Assert.False(poolFull);
        Assert.True(parsed is null != (error is null), $"a request or an error, not both or neither: {error}");
        return parsed;
    }

    private static byte[] Request(Action<Utf8JsonWriter> input, Action<Utf8JsonWriter>? parameters = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (parameters is not null)
            {
                w.WriteStartObject("parameters");
                parameters(w);
                w.WriteEndObject();
            }

            w.WriteStartArray("inputs");
            w.WriteStartObject();
            w.WriteString("name", "x");
            w.WriteString("datatype", "FP32");
            input(w);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Shape(Utf8JsonWriter w, int rows)
    {
        w.WriteStartArray("shape");
        foreach (int d in (int[])[rows, 3, 2, 2])
        {
            w.WriteNumberValue(d);
        }

        w.WriteEndArray();
    }

    [Property(Replay = Seed)]
    public Property Any_bytes_give_a_request_or_an_error_and_leave_nothing_rented() =>
        Prop.ForAll(JsonishBytes, ArbMap.Default.ArbFor<byte[]>(), (header, binary) =>
        {
            ParsedInfer? parsed = Parse(header, binary, out _);
            if (parsed is not null)
            {
                _pool.Return(parsed.Input);
            }

            Assert.Equal(0, _pool.BytesInUse);
        });

    [Property(Replay = Seed)]
    public void Finite_numbers_sent_as_json_are_the_numbers_parsed(NormalFloat[] seed, byte rowsSeed)
    {
        int rows = (rowsSeed % 4) + 1;
        float[] values = [.. Enumerable.Range(0, rows * 12).Select(i => seed.Length == 0 ? i : (float)seed[i % seed.Length].Get)];
        values = [.. values.Select(v => float.IsFinite(v) ? v : 0f)];
        byte[] header = Request(w =>
        {
            Shape(w, rows);
            w.WriteStartArray("data");
            foreach (float v in values)
            {
                w.WriteNumberValue(v);
            }

            w.WriteEndArray();
        });

        ParsedInfer parsed = Parse(header, [], out string? error) ?? throw new Xunit.Sdk.XunitException(error);

        Assert.Equal(rows, parsed.Rows);
        Assert.Equal(values, parsed.Input.Floats.ToArray());
        _pool.Return(parsed.Input);
    }

    [Property(Replay = Seed)]
    public void Any_float_bits_sent_as_binary_are_the_bits_parsed(int[] bits, byte rowsSeed)
    {
        int rows = (rowsSeed % 4) + 1;
        int[] raw = [.. Enumerable.Range(0, rows * 12).Select(i => bits.Length == 0 ? i : bits[i % bits.Length])];
        byte[] binary = MemoryMarshal.AsBytes(raw.AsSpan()).ToArray();
        byte[] header = Request(w =>
        {
            Shape(w, rows);
            w.WriteStartObject("parameters");
            w.WriteNumber("binary_data_size", binary.Length);
            w.WriteEndObject();
        });

        ParsedInfer parsed = Parse(header, binary, out string? error, rejectNonFinite: false) ?? throw new Xunit.Sdk.XunitException(error);

        Assert.Equal(raw, MemoryMarshal.Cast<float, int>(parsed.Input.Floats).ToArray());
        _pool.Return(parsed.Input);
    }

    [Property(Replay = Seed)]
    public void A_timeout_is_honoured_or_refused_whatever_its_size(DoNotSize<long> unsized)
    {
        long micros = unsized.Item;
        byte[] header = Request(w => { Shape(w, 1); w.WriteStartArray("data"); w.WriteEndArray(); }, w => w.WriteNumber("timeout", micros));

        Assert.Null(Parse(header, [], out string? error));

        // The empty data is refused after the parameters were read: a timeout it took gets that far, one it refused says why.
        Assert.Contains(micros > 0 && micros <= TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond ? "has 0 values" : "\"timeout\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9223372036854775807L)]
    [InlineData(922337203685477581L)]
    public void A_timeout_too_large_for_a_time_span_is_a_client_error_not_an_exception(long micros)
    {
        // Issue 10 item 6: this was TimeSpan.FromMicroseconds's OverflowException, a 500 from the API.
        byte[] header = Request(w => { Shape(w, 1); w.WriteStartArray("data"); w.WriteEndArray(); }, w => w.WriteNumber("timeout", micros));

        Assert.Null(Parse(header, [], out string? error));
        Assert.Equal($"parameter \"timeout\" must be a whole number of microseconds from 1 to {InferRequestParser.MaxTimeoutMicroseconds}", error);
    }
}
