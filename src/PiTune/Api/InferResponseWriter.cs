using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Api;

/// <summary>
/// Writes a KServe v2 infer response: outputs as JSON numbers, or (binary tensor data extension) a JSON
/// header followed by the raw little-endian bytes, its length in <c>Inference-Header-Content-Length</c>. Outputs the
/// request put in shared memory are written there first (<see cref="WriteShared"/>) and answered with where they went.
/// </summary>
internal static class InferResponseWriter
{
    public const string HeaderLengthName = "Inference-Header-Content-Length";

    public static async Task WriteAsync(HttpResponse response, string model, ParsedInfer request, ModelSignature signature, PooledBuffer output, CancellationToken cancellationToken)
    {
        ArrayBufferWriter<byte> header = BuildHeader(model, request, signature, output, out bool anyBinary);
        response.StatusCode = StatusCodes.Status200OK;
        if (!anyBinary)
        {
            response.ContentType = "application/json";
            response.ContentLength = header.WrittenCount;
            await response.Body.WriteAsync(header.WrittenMemory, cancellationToken);
            return;
        }

        long binaryBytes = request.Outputs.Where(o => o.Binary).Sum(o => request.Rows * signature.Outputs[o.Index].ItemBytes);
        response.ContentType = "application/octet-stream";
        response.Headers[HeaderLengthName] = header.WrittenCount.ToString(CultureInfo.InvariantCulture);
        response.ContentLength = header.WrittenCount + binaryBytes;
        await response.Body.WriteAsync(header.WrittenMemory, cancellationToken);
        foreach (RequestedOutput o in request.Outputs.Where(o => o.Binary))
        {
            // Output rows go out as they are: x86 and the Pi's arm64 are both little-endian, as the extension wants.
            (long offset, long length) = Range(signature, o.Index, request.Rows);
            await WriteNativeAsync(response, output, offset, length, cancellationToken);
        }
    }

    /// <summary>Writes every shared-memory output into its region; the first problem (the region removed or shrunk meanwhile), or null.</summary>
    public static string? WriteShared(ParsedInfer request, ModelSignature signature, PooledBuffer output, SharedMemory.SharedMemoryRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(registry);
        foreach (RequestedOutput o in request.Outputs)
        {
            if (o.Shm is not { } shm)
            {
                continue;
            }

            // Checked again: the model ran in between, and the client may have removed or shrunk the file meanwhile.
            (long offset, long length) = Range(signature, o.Index, request.Rows);
            string? error = registry.CheckStill(shm.Region)
                ?? shm.Region.Write(shm.Offset, output.Bytes.Slice((int)offset, (int)length));
            if (error is not null)
            {
                return $"output \"{signature.Outputs[o.Index].Name}\": {error}";
            }
        }

        return null;
    }

    private static ArrayBufferWriter<byte> BuildHeader(string model, ParsedInfer request, ModelSignature signature, PooledBuffer output, out bool anyBinary)
    {
        var header = new ArrayBufferWriter<byte>(256);
        anyBinary = false;
        using var json = new Utf8JsonWriter(header, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteString("model_name", model);
        json.WriteString("model_version", "1");
        if (request.Id is not null)
        {
            json.WriteString("id", request.Id);
        }

        json.WriteStartArray("outputs");
        foreach (RequestedOutput o in request.Outputs)
        {
            TensorSpec spec = signature.Outputs[o.Index];
            json.WriteStartObject();
            json.WriteString("name", spec.Name);
            json.WriteString("datatype", spec.DataType.KServeName());
            json.WriteStartArray("shape");
            json.WriteNumberValue(request.Rows);
            foreach (int d in spec.ItemShape)
            {
                json.WriteNumberValue(d);
            }

            json.WriteEndArray();
            (long offset, long length) = Range(signature, o.Index, request.Rows);
            if (o.Shm is { } shm)
            {
                // Already written into the region (V2Endpoints); as Triton, the answer says where and how much.
                json.WriteStartObject("parameters");
                json.WriteString("shared_memory_region", shm.Region.Name);
                json.WriteNumber("shared_memory_byte_size", length);
                json.WriteNumber("shared_memory_offset", shm.Offset);
                json.WriteEndObject();
            }
            else if (o.Binary)
            {
                anyBinary = true;
                json.WriteStartObject("parameters");
                json.WriteNumber("binary_data_size", length);
                json.WriteEndObject();
            }
            else
            {
                json.WriteStartArray("data");
                ReadOnlySpan<byte> values = output.Bytes.Slice((int)offset, (int)length);
                switch (spec.DataType)
                {
                    case TensorDataType.Uint8:
                        foreach (byte v in values)
                        {
                            json.WriteNumberValue(v);
                        }

                        break;
                    case TensorDataType.Uint16:
                        foreach (ushort v in MemoryMarshal.Cast<byte, ushort>(values))
                        {
                            json.WriteNumberValue(v);
                        }

                        break;
                    default:
                        foreach (float v in MemoryMarshal.Cast<byte, float>(values))
                        {
                            json.WriteNumberValue(v);
                        }

                        break;
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return header;
    }

    private static async Task WriteNativeAsync(HttpResponse response, PooledBuffer output, long offset, long length, CancellationToken cancellationToken)
    {
        // Through the response's pipe: copies from native memory into Kestrel's buffers, no managed array in between.
        Memory<byte> target = response.BodyWriter.GetMemory((int)length);
        Copy(output, offset, length, target.Span);
        response.BodyWriter.Advance((int)length);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    private static void Copy(PooledBuffer output, long offset, long length, Span<byte> target) =>
        output.Bytes.Slice((int)offset, (int)length).CopyTo(target);

    private static (long Offset, long Length) Range(ModelSignature signature, int index, int rows)
    {
        long offset = 0;
        for (int i = 0; i < index; i++)
        {
            offset += rows * signature.Outputs[i].ItemBytes;
        }

        return (offset, rows * signature.Outputs[index].ItemBytes);
    }
}
