using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace PiTune.Api;

/// <summary>Reads a whole request body into an array rented from the shared pool (returned by the caller).</summary>
internal static class RequestBody
{
    public static async Task<(byte[]? Buffer, int Length)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        long? declared = request.ContentLength;
        if (declared > limit)
        {
            return (null, -1);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)(declared ?? 64 * 1024));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, -1);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
