using System.Buffers.Binary;
using System.Text.Json;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Api;

/// <summary>
/// Reads a KServe v2 infer request (JSON, with the binary tensor data extension) straight into a
/// pooled input buffer, checking it against the model: name, datatype, shape, element count, and
/// NaN/infinity when the model refuses them. Every problem is a message naming it (HTTP 400).
/// </summary>
internal static class InferRequestParser
{
    public static ParsedInfer? TryParse(ReadOnlySpan<byte> header, ReadOnlySpan<byte> binary, ModelOptions options, ModelSignature signature, BufferPool pool, out string? error, out bool poolFull)
    {
        poolFull = false;
        var state = new ParseState();
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 64 });
            error = ReadTop(ref reader, state, signature);
            if (error is null && state.InputCount != 1)
            {
                error = $"expected exactly one input (\"{signature.Input.Name}\"), got {state.InputCount}";
            }

            if (error is null)
            {
                error = CheckShape(state, signature);
            }

            if (error is null)
            {
                long bytes = state.Rows * signature.Input.ItemBytes;
                RentStatus status = pool.TryRent(bytes, out PooledBuffer? input);
                if (status != RentStatus.Ok)
                {
                    poolFull = status == RentStatus.Exhausted;
                    error = status == RentStatus.TooLarge ? $"input \"{state.InputName}\" of {bytes} bytes is larger than the buffer pool" : "the tensor buffer pool is full; try again";
                    return null;
                }

                error = state.BinarySize is { } size
                    ? FillBinary(binary, state.BinaryOffset, size, input!)
                    : FillJson(state, header, input!);
                if (error is null && options.RejectNonFinite && FirstNonFinite(input!.Floats) is { } at)
                {
                    error = $"input \"{state.InputName}\" holds NaN or infinity at element {at}";
                }

                if (error is not null)
                {
                    pool.Return(input!);
                    return null;
                }

                RequestedOutput[]? outputs = Outputs(state, signature, out error);
                if (outputs is null)
                {
                    pool.Return(input!);
                    return null;
                }

                return new ParsedInfer(state.Id, input!, state.Rows, state.Timeout, outputs);
            }
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON: {ex.Message}";
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            error = $"malformed JSON: {ex.Message}";
        }

        return null;
    }

    private static string? ReadTop(ref Utf8JsonReader reader, ParseState state, ModelSignature signature)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the request must be a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "id":
                    state.Id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                    break;
                case "parameters":
                    if (ReadRequestParameters(ref reader, state) is { } e)
                    {
                        return e;
                    }

                    break;
                case "inputs":
                    Expect(ref reader, JsonTokenType.StartArray, "\"inputs\" must be an array");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        state.InputCount++;
                        if (ReadInput(ref reader, state, signature) is { } inputError)
                        {
                            return inputError;
                        }
                    }

                    break;
                case "outputs":
                    Expect(ref reader, JsonTokenType.StartArray, "\"outputs\" must be an array");
                    state.Outputs = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (ReadOutput(ref reader, state) is { } outputError)
                        {
                            return outputError;
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return null;
    }

    private static string? ReadRequestParameters(ref Utf8JsonReader reader, ParseState state)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "\"parameters\" must be an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name == "binary_data_output")
            {
                state.BinaryOutput = reader.TokenType == JsonTokenType.True;
            }
            else if (name == "timeout")
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long micros) || micros <= 0
                    || micros > TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond)
                {
                    return "parameter \"timeout\" must be a positive whole number of microseconds";
                }

                state.Timeout = TimeSpan.FromMicroseconds(micros);
            }

            reader.Skip();
        }

        return null;
    }

    private static string? ReadInput(ref Utf8JsonReader reader, ParseState state, ModelSignature signature)
    {
        Expect(ref reader, JsonTokenType.StartObject, "each input must be an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "name":
                    state.InputName = reader.GetString();
                    if (state.InputName != signature.Input.Name)
                    {
                        return $"unknown input \"{state.InputName}\"; the model takes \"{signature.Input.Name}\"";
                    }

                    break;
                case "datatype":
                    string? datatype = reader.GetString();
                    if (datatype != "FP32")
                    {
                        return $"input \"{signature.Input.Name}\" has datatype {datatype}; the model takes FP32";
                    }

                    state.HasDatatype = true;
                    break;
                case "shape":
                    Expect(ref reader, JsonTokenType.StartArray, "\"shape\" must be an array of whole numbers");
                    var shape = new List<long>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        shape.Add(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long d) ? d : throw new JsonException("\"shape\" must be an array of whole numbers"));
                    }

                    state.Shape = [.. shape];
                    break;
                case "data":
                    state.DataStart = reader.TokenStartIndex;
                    state.HasData = true;
                    reader.Skip();
                    break;
                case "parameters":
                    Expect(ref reader, JsonTokenType.StartObject, "input \"parameters\" must be an object");
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        string p = reader.GetString()!;
                        reader.Read();
                        if (p == "binary_data_size")
                        {
                            state.BinarySize = reader.TryGetInt64(out long size) && size >= 0 ? size : throw new JsonException("\"binary_data_size\" must be a whole number");
                        }

                        reader.Skip();
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return state.InputName is null ? "an input has no \"name\""
            : !state.HasDatatype ? $"input \"{state.InputName}\" has no \"datatype\""
            : state.Shape is null ? $"input \"{state.InputName}\" has no \"shape\""
            : !state.HasData && state.BinarySize is null ? $"input \"{state.InputName}\" has neither \"data\" nor binary_data_size"
            : null;
    }

    private static string? ReadOutput(ref Utf8JsonReader reader, ParseState state)
    {
        Expect(ref reader, JsonTokenType.StartObject, "each output must be an object");
        string? name = null;
        bool? binary = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string p = reader.GetString()!;
            reader.Read();
            if (p == "name")
            {
                name = reader.GetString();
            }
            else if (p == "parameters")
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string q = reader.GetString()!;
                    reader.Read();
                    if (q == "binary_data")
                    {
                        binary = reader.TokenType == JsonTokenType.True;
                    }

                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (name is null)
        {
            return "an output has no \"name\"";
        }

        state.Outputs!.Add((name, binary));
        return null;
    }

    private static string? CheckShape(ParseState state, ModelSignature signature)
    {
        long[] shape = state.Shape!;
        int[] item = signature.Input.ItemShape;
        bool fits = shape.Length == item.Length + 1 && shape[0] >= 1 && shape[0] <= signature.MaxBatchSize
            && shape.AsSpan(1).SequenceEqual(item.Select(d => (long)d).ToArray());
        if (!fits)
        {
            return $"input \"{state.InputName}\" has shape [{string.Join(",", shape)}]; the model takes [N,{signature.Input.ShapeText}] with N from 1 to {signature.MaxBatchSize}";
        }

        state.Rows = (int)shape[0];
        if (state.BinarySize is { } size && size != state.Rows * signature.Input.ItemBytes)
        {
            return $"input \"{state.InputName}\" binary_data_size is {size} bytes; shape [{string.Join(",", shape)}] of FP32 needs {state.Rows * signature.Input.ItemBytes}";
        }

        return null;
    }

    private static string? FillBinary(ReadOnlySpan<byte> binary, long offset, long size, PooledBuffer input)
    {
        if (binary.Length < offset + size)
        {
            return $"the binary data is {binary.Length} bytes; binary_data_size asks for {size}";
        }

        if (binary.Length > offset + size)
        {
            return $"the binary data is {binary.Length} bytes; binary_data_size accounts for only {size}";
        }

        ReadOnlySpan<byte> source = binary.Slice((int)offset, (int)size);
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(input.Bytes);
        }
        else
        {
            Span<float> target = input.Floats;
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
            }
        }

        return null;
    }

    private static string? FillJson(ParseState state, ReadOnlySpan<byte> header, PooledBuffer input)
    {
        // "data" may come before "shape", so it is read last, from where it started.
        var reader = new Utf8JsonReader(header[(int)state.DataStart..]);
        reader.Read();
        Span<float> target = input.Floats;
        int count = 0;
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.Number))
        {
            return $"input \"{state.InputName}\" data must be an array of numbers";
        }

        int depth = 0;
        do
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.Number:
                    if (count < target.Length)
                    {
                        target[count] = reader.GetSingle();
                    }

                    count++;
                    break;
                default:
                    return $"input \"{state.InputName}\" data must hold only numbers, found {reader.TokenType}";
            }
        }
        while (depth > 0 && reader.Read());

        return count == target.Length ? null
            : $"input \"{state.InputName}\" has {count} values; shape [{string.Join(",", state.Shape!)}] needs {target.Length}";
    }

    private static int? FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static RequestedOutput[]? Outputs(ParseState state, ModelSignature signature, out string? error)
    {
        error = null;
        if (state.Outputs is null || state.Outputs.Count == 0)
        {
            return [.. Enumerable.Range(0, signature.Outputs.Length).Select(i => new RequestedOutput(i, state.BinaryOutput))];
        }

        var result = new List<RequestedOutput>();
        foreach ((string name, bool? binary) in state.Outputs)
        {
            int index = Array.FindIndex(signature.Outputs, o => o.Name == name);
            if (index < 0)
            {
                error = $"unknown output \"{name}\"; the model gives {string.Join(", ", signature.Outputs.Select(o => "\"" + o.Name + "\""))}";
                return null;
            }

            result.Add(new RequestedOutput(index, binary ?? state.BinaryOutput));
        }

        return [.. result];
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            reader.Read();
        }

        if (reader.TokenType != type)
        {
            throw new JsonException(message);
        }
    }

    private sealed class ParseState
    {
        public string? Id { get; set; }

        public bool BinaryOutput { get; set; }

        public TimeSpan? Timeout { get; set; }

        public int InputCount { get; set; }

        public string? InputName { get; set; }

        public bool HasDatatype { get; set; }

        public long[]? Shape { get; set; }

        public int Rows { get; set; }

        public bool HasData { get; set; }

        public long DataStart { get; set; }

        public long? BinarySize { get; set; }

        public long BinaryOffset { get; set; }

        public List<(string Name, bool? Binary)>? Outputs { get; set; }
    }
}
