using System.Buffers.Binary;
using PiTune.Api;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Fuzz;

/// <summary>
/// The infer request parser, JSON and binary tensor data. Input: a little-endian 16-bit header length, then the
/// body; 0xFFFF (or a length past the body) means no Inference-Header-Content-Length, the whole body is JSON.
/// The model is the bundled one's names on a small item shape, so the fuzzer can reach a valid request.
/// </summary>
internal static class InferTarget
{
    private static readonly ModelSignature Signature = new(
        new TensorSpec("x", [3, 2, 2]), [new TensorSpec("softmax_0.tmp_0", [2]), new TensorSpec("aux", [1])], FixedBatch: null, MaxBatchSize: 4);

    private static readonly ModelOptions Options = new() { Name = "text-direction", MaxBatchSize = 4, RejectNonFinite = true };

    // Large enough for any valid request (4 rows of 12 floats), small enough that a huge shape is "too large".
    private static readonly BufferPool Pool = new(1L << 20);

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        int declared = BinaryPrimitives.ReadUInt16LittleEndian(input);
        ReadOnlySpan<byte> body = input[2..];
        int headerLength = declared == 0xFFFF || declared > body.Length ? body.Length : declared;
        ParsedInfer? parsed = InferRequestParser.TryParse(
            body[..headerLength], body[headerLength..], Options, Signature, Pool, out string? error, out bool poolFull);
        if (parsed is null)
        {
            if (string.IsNullOrEmpty(error))
            {
                throw new ContractBrokenException("refused without an error message");
            }

            if (poolFull)
            {
                throw new ContractBrokenException($"pool reported full with nothing rented: {error}");
            }
        }
        else
        {
            if (error is not null || parsed.Rows is < 1 or > 4 || parsed.Input.Floats.Length != parsed.Rows * 12 || parsed.Outputs.Length == 0)
            {
                throw new ContractBrokenException($"accepted an inconsistent request: rows {parsed.Rows}, {parsed.Input.Floats.Length} floats, error {error}");
            }

            Pool.Return(parsed.Input);
        }

        if (Pool.BytesInUse != 0)
        {
            throw new ContractBrokenException($"{Pool.BytesInUse} pool bytes still rented after the request");
        }
    }
}
