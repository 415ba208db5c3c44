using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PiTune.Api.SharedMemory;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Api;

/// <summary>
/// Reads a KServe v2 infer request (JSON, with the binary tensor data extension) straight into a
/// pooled input buffer, checking it against the model: name, datatype, shape, element count, and
/// NaN/infinity when the model refuses them. Every problem is a message naming it (HTTP 400).
/// Nothing a client sends is kept beyond a bound: names are compared in place, not copied, the id and
/// the shape are capped, outputs are checked against the model as they are read. An input or output may name a
/// shared-memory region instead (Triton's system shared memory extension): the input is read from it here, and an
/// output's region is checked here for room before the model runs.
/// </summary>
internal static class InferRequestParser
{
    /// <summary>The longest request id echoed back (KServe ids are UUIDs or counters).</summary>
    public const int MaxIdBytes = 1024;

    /// <summary>Shape dimensions read before giving up; the models served have a handful.</summary>
    public const int MaxShapeDimensions = 16;

    /// <summary>The longest <c>timeout</c> a <see cref="TimeSpan"/> holds, in microseconds (about 29 years).</summary>
    public const long MaxTimeoutMicroseconds = long.MaxValue / TimeSpan.TicksPerMicrosecond;

    /// <summary>How much of a client's string an error message repeats.</summary>
    private const int ShownChars = 64;

    public static ParsedInfer? TryParse(
        ReadOnlySpan<byte> header, ReadOnlySpan<byte> binary, ModelOptions options, ModelSignature signature, BufferPool pool, out string? error, out bool poolFull,
        SharedMemoryCaller? shm = null)
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

            RequestedOutput[]? outputs = null;
            SharedMemoryRegion? inputRegion = null;
            if (error is null)
            {
                outputs = Outputs(state, signature, shm, out error);
            }

            if (error is null && state.InputShm is { } ask)
            {
                inputRegion = Resolve(shm, ask, out error);
                if (error is not null)
                {
                    error = $"input \"{state.InputName}\": {error}"; // as an output's: which tensor named the region
                }
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

                error = inputRegion is not null ? FillShared(inputRegion, state.InputShm!.Offset, input!, signature.Input.DataType)
                    : state.BinarySize is { } size ? FillBinary(binary, state.BinaryOffset, size, input!, signature.Input.DataType)
                    : JsonTensorData.Fill(header[(int)state.DataStart..], state.Shape, input!.Bytes, signature.Input.DataType, state.InputName!);
                if (error is null && options.RejectNonFinite && signature.Input.DataType == TensorDataType.Fp32 && FirstNonFinite(input!.Floats) is { } at)
                {
                    error = $"input \"{state.InputName}\" holds NaN or infinity at element {at}";
                }

                if (error is not null)
                {
                    pool.Return(input!);
                    return null;
                }

                return new ParsedInfer(state.Id, input!, state.Rows, state.Timeout, outputs!);
            }
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON: {ex.Message}";
        }
        catch (InvalidOperationException ex)
        {
            // The reader checks a string's UTF-8 (and its \u escapes' UTF-16) only when it is read as a string.
            error = $"malformed JSON: {ex.Message}";
        }

        return null;
    }

    private static string? ReadTop(ref Utf8JsonReader reader, ParseState state, ModelSignature signature)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "the request must be a JSON object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? error = null;
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                error = ReadId(ref reader, state);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                error = ReadRequestParameters(ref reader, state);
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                error = ReadInputs(ref reader, state, signature);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                error = ReadOutputs(ref reader, state, signature);
            }
            else
            {
                reader.Skip();
            }

            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ReadId(ref Utf8JsonReader reader, ParseState state)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            // Not a KServe id: ignored, as before, rather than echoed back as something else.
            reader.Skip();
            return null;
        }

        if (reader.ValueSpan.Length > MaxIdBytes)
        {
            return $"\"id\" must be a string of at most {MaxIdBytes} bytes";
        }

        state.Id = reader.GetString();
        return null;
    }

    private static string? ReadRequestParameters(ref Utf8JsonReader reader, ParseState state)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "\"parameters\" must be an object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("binary_data_output"u8))
            {
                reader.Read();
                state.BinaryOutput = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("timeout"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long micros) || micros is < 1 or > MaxTimeoutMicroseconds)
                {
                    return $"parameter \"timeout\" must be a whole number of microseconds from 1 to {MaxTimeoutMicroseconds}";
                }

                state.Timeout = TimeSpan.FromMicroseconds(micros);
            }

            reader.Skip();
        }

        return null;
    }

    private static string? ReadInputs(ref Utf8JsonReader reader, ParseState state, ModelSignature signature)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return "\"inputs\" must be an array";
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            state.InputCount++;
            if (state.InputCount > 1)
            {
                // Only counted, for the message: the models served take one input.
                reader.Skip();
                continue;
            }

            if (ReadInput(ref reader, state, signature) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ReadInput(ref Utf8JsonReader reader, ParseState state, ModelSignature signature)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "each input must be an object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? error = null;
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                error = reader.TokenType != JsonTokenType.String ? "input \"name\" must be a string"
                    : !reader.ValueTextEquals(signature.Input.Name) ? $"unknown input \"{Shown(ref reader)}\"; the model takes \"{signature.Input.Name}\""
                    : null;
                state.InputName = signature.Input.Name;
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                error = reader.TokenType != JsonTokenType.String ? $"\"datatype\" {Of(state)} must be a string"
                    : !reader.ValueTextEquals(signature.Input.DataType.KServeName()) ? $"input \"{signature.Input.Name}\" has datatype {Shown(ref reader)}; the model takes {signature.Input.DataType.KServeName()}"
                    : null;
                state.HasDatatype = true;
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                error = ReadShape(ref reader, state, signature);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                state.DataStart = reader.TokenStartIndex;
                state.HasData = true;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                error = ReadInputParameters(ref reader, state);
            }
            else
            {
                reader.Skip();
            }

            if (error is not null)
            {
                return error;
            }
        }

        return state.InputName is null ? "an input has no \"name\""
            : !state.HasDatatype ? $"input \"{state.InputName}\" has no \"datatype\""
            : !state.HasShape ? $"input \"{state.InputName}\" has no \"shape\""
            : state.InputShm is not null && (state.HasData || state.BinarySize is not null)
                ? $"input \"{state.InputName}\" names shared-memory region \"{state.InputShm.Region}\", so it must have no \"data\" and no binary_data_size"
            : !state.HasData && state.BinarySize is null && state.InputShm is null
                ? $"input \"{state.InputName}\" has neither \"data\" nor binary_data_size nor shared_memory_region"
            : null;
    }

    private static string? ReadShape(ref Utf8JsonReader reader, ParseState state, ModelSignature signature)
    {
        string wrong = $"\"shape\" {Of(state)} must be an array of whole numbers";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return wrong;
        }

        var shape = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long dimension))
            {
                return wrong;
            }

            if (shape.Count == MaxShapeDimensions)
            {
                return $"input \"{state.InputName ?? signature.Input.Name}\" has a shape of more than {MaxShapeDimensions} dimensions; {Takes(signature)}";
            }

            shape.Add(dimension);
        }

        state.Shape = [.. shape];
        state.HasShape = true;
        return null;
    }

    private static string? ReadInputParameters(ref Utf8JsonReader reader, ParseState state)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return $"\"parameters\" {Of(state)} must be an object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("binary_data_size"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long size) || size < 0)
                {
                    return $"\"binary_data_size\" {Of(state)} must be a whole number of bytes";
                }

                state.BinarySize = size;
            }
            else if (IsShmParameter(ref reader))
            {
                state.InputShm ??= new ShmAsk();
                if (ReadShmParameter(ref reader, state.InputShm, $"input \"{state.InputName ?? "?"}\"") is { } error)
                {
                    return error;
                }

                continue;
            }

            reader.Skip();
        }

        return null;
    }

    private static string? ReadOutputs(ref Utf8JsonReader reader, ParseState state, ModelSignature signature)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return "\"outputs\" must be an array";
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadOutput(ref reader, state, signature) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ReadOutput(ref Utf8JsonReader reader, ParseState state, ModelSignature signature)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "each output must be an object";
        }

        int index = -1;
        bool? binary = null;
        ShmAsk? shmAsk = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return "output \"name\" must be a string";
                }

                index = OutputIndex(ref reader, signature);
                if (index < 0)
                {
                    return $"unknown output \"{Shown(ref reader)}\"; the model gives {string.Join(", ", signature.Outputs.Select(o => "\"" + o.Name + "\""))}";
                }
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return "output \"parameters\" must be an object";
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (IsShmParameter(ref reader))
                    {
                        shmAsk ??= new ShmAsk();
                        if (ReadShmParameter(ref reader, shmAsk, index < 0 ? "an output" : $"output \"{signature.Outputs[index].Name}\"") is { } shmError)
                        {
                            return shmError;
                        }

                        continue;
                    }

                    bool isBinary = reader.ValueTextEquals("binary_data"u8);
                    reader.Read();
                    if (isBinary)
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

        if (index < 0)
        {
            return "an output has no \"name\"";
        }

        if (state.Outputs.Exists(o => o.Index == index))
        {
            return $"output \"{signature.Outputs[index].Name}\" is asked for twice";
        }

        state.Outputs.Add((index, binary, shmAsk));
        return null;
    }

    private static int OutputIndex(ref Utf8JsonReader reader, ModelSignature signature)
    {
        for (int i = 0; i < signature.Outputs.Length; i++)
        {
            if (reader.ValueTextEquals(signature.Outputs[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? CheckShape(ParseState state, ModelSignature signature)
    {
        long[] shape = state.Shape;
        int[] item = signature.Input.ItemShape;
        bool fits = shape.Length == item.Length + 1 && shape[0] >= 1 && shape[0] <= signature.MaxBatchSize
            && shape.AsSpan(1).SequenceEqual(item.Select(d => (long)d).ToArray());
        if (!fits)
        {
            return $"input \"{state.InputName}\" has shape [{string.Join(",", shape)}]; {Takes(signature)}";
        }

        state.Rows = (int)shape[0];
        if (state.InputShm is { Region: null })
        {
            return $"input \"{state.InputName}\" has shared-memory parameters without shared_memory_region";
        }

        if (state.InputShm is { } shm && shm.ByteSize != state.Rows * signature.Input.ItemBytes)
        {
            return shm.ByteSize is null
                ? $"input \"{state.InputName}\" names shared-memory region \"{shm.Region}\" without shared_memory_byte_size"
                : $"input \"{state.InputName}\" shared_memory_byte_size is {shm.ByteSize} bytes; shape [{string.Join(",", shape)}] of {signature.Input.DataType.KServeName()} needs {state.Rows * signature.Input.ItemBytes}";
        }

        if (state.BinarySize is { } size && size != state.Rows * signature.Input.ItemBytes)
        {
            return $"input \"{state.InputName}\" binary_data_size is {size} bytes; shape [{string.Join(",", shape)}] of {signature.Input.DataType.KServeName()} needs {state.Rows * signature.Input.ItemBytes}";
        }

        return null;
    }

    private static string Takes(ModelSignature signature) =>
        $"the model takes [N,{signature.Input.ShapeText}] with N from 1 to {signature.MaxBatchSize}";

    private static string Of(ParseState state) => state.InputName is null ? "of an input" : $"of input \"{state.InputName}\"";

    /// <summary>The client's string at the reader, cut to <see cref="ShownChars"/> for a message (a name may be megabytes).</summary>
    private static string Shown(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        string text = raw.Length <= ShownChars * 4 ? reader.GetString()! : Encoding.UTF8.GetString(raw[..(ShownChars * 4)]);
        return text.Length <= ShownChars ? text : text[..ShownChars] + "…";
    }

    private static string? FillBinary(ReadOnlySpan<byte> binary, long offset, long size, PooledBuffer input, TensorDataType type)
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
        if (BitConverter.IsLittleEndian || type == TensorDataType.Uint8)
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

    private static RequestedOutput[]? Outputs(ParseState state, ModelSignature signature, SharedMemoryCaller? shm, out string? error)
    {
        error = null;
        if (state.Outputs.Count == 0)
        {
            return [.. Enumerable.Range(0, signature.Outputs.Length).Select(i => new RequestedOutput(i, state.BinaryOutput))];
        }

        var outputs = new RequestedOutput[state.Outputs.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            (int index, bool? binary, ShmAsk? ask) = state.Outputs[i];
            if (ask is null)
            {
                outputs[i] = new RequestedOutput(index, binary ?? state.BinaryOutput);
                continue;
            }

            TensorSpec spec = signature.Outputs[index];
            long needed = state.Rows * spec.ItemBytes;
            if (ask.Region is null || ask.ByteSize is null)
            {
                error = $"output \"{spec.Name}\" needs both shared_memory_region and shared_memory_byte_size";
                return null;
            }

            if (ask.ByteSize < needed)
            {
                error = $"output \"{spec.Name}\" of shape [{state.Rows},{string.Join(",", spec.ItemShape)}] is {needed} bytes; shared_memory_byte_size {ask.ByteSize} for region \"{ask.Region}\" is too small";
                return null;
            }

            if (Resolve(shm, ask, out error) is not { } region)
            {
                error = $"output \"{spec.Name}\": {error}";
                return null;
            }

            outputs[i] = new RequestedOutput(index, false, new ShmOutput(region, ask.Offset, ask.ByteSize.Value));
        }

        return outputs;
    }

    private static SharedMemoryRegion? Resolve(SharedMemoryCaller? shm, ShmAsk ask, out string? error)
    {
        if (shm is null)
        {
            error = SharedMemoryEndpoints.Disabled;
            return null;
        }

        return shm.Resolve(ask.Region!, ask.Offset, ask.ByteSize!.Value, out error);
    }

    private static bool IsShmParameter(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("shared_memory_region"u8) || reader.ValueTextEquals("shared_memory_byte_size"u8) || reader.ValueTextEquals("shared_memory_offset"u8);

    /// <summary>Reads one of the three shared-memory parameters (the reader at its name) into <paramref name="ask"/>.</summary>
    private static string? ReadShmParameter(ref Utf8JsonReader reader, ShmAsk ask, string of)
    {
        if (reader.ValueTextEquals("shared_memory_region"u8))
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > ShmNames.MaxNameChars * 6)
            {
                return $"\"shared_memory_region\" of {of} must be a region name";
            }

            ask.Region = reader.GetString();
            return null;
        }

        bool isOffset = reader.ValueTextEquals("shared_memory_offset"u8);
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
        {
            return $"\"{(isOffset ? "shared_memory_offset" : "shared_memory_byte_size")}\" of {of} must be a whole number of bytes, 0 or more";
        }

        if (isOffset)
        {
            ask.Offset = value;
        }
        else
        {
            ask.ByteSize = value;
        }

        return null;
    }

    private static string? FillShared(SharedMemoryRegion region, long offset, PooledBuffer input, TensorDataType type)
    {
        if (region.Read(offset, input.Bytes) is { } error)
        {
            return error;
        }

        if (!BitConverter.IsLittleEndian && type != TensorDataType.Uint8)
        {
            // The extension's data is little-endian, as binary data is; the Pi and x86 need no swap.
            Span<float> values = input.Floats;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(MemoryMarshal.AsBytes(values.Slice(i, 1)));
            }
        }

        return null;
    }

    private sealed class ParseState
    {
        public string? Id { get; set; }

        public bool BinaryOutput { get; set; }

        public TimeSpan? Timeout { get; set; }

        public int InputCount { get; set; }

        public string? InputName { get; set; }

        public bool HasDatatype { get; set; }

        public long[] Shape { get; set; } = [];

        public bool HasShape { get; set; }

        public int Rows { get; set; }

        public bool HasData { get; set; }

        public long DataStart { get; set; }

        public long? BinarySize { get; set; }

        public long BinaryOffset { get; set; }

        public ShmAsk? InputShm { get; set; }

        public List<(int Index, bool? Binary, ShmAsk? Shm)> Outputs { get; } = [];
    }

    /// <summary>A tensor's shared-memory parameters as the request gave them.</summary>
    private sealed class ShmAsk
    {
        public string? Region { get; set; }

        public long? ByteSize { get; set; }

        public long Offset { get; set; }
    }
}
