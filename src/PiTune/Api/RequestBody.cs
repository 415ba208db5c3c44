using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace PiTune.Api;

/// <summary>
/// Reads a whole request body into a <see cref="RequestBodyBuffer"/>, within the per-request limit and the
/// budget shared by all requests. A body is charged as it arrives, room by room (doubling from 64 KiB up to
/// its Content-Length, or the limit when chunked): a client that declares a large body and holds it back
/// holds only what it sent, and a chunked body over the limit costs at most the limit — the byte past it is
/// refused (413) without being kept.
/// </summary>
internal static class RequestBody
{
    private const int FirstRoom = 64 * 1024;
    private const int MiB = 1024 * 1024;

    public static async Task<BodyRead> ReadAsync(HttpContext context, int limit, BodyBudget budget, CancellationToken cancellationToken)
    {
        long? declared = context.Request.ContentLength;
        if (declared > limit)
        {
            return BodyRead.Refused(StatusCodes.Status413PayloadTooLarge, TooLarge(limit));
        }

        RequestBodyBuffer body = RequestBodyBuffer.Create(budget, declared ?? limit);
        bool handedOver = false;
        try
        {
            if (!body.TryCommit(Math.Min(body.Capacity, FirstRoom)))
            {
                return BodyRead.Refused(StatusCodes.Status503ServiceUnavailable, BudgetFull(budget));
            }

            PipeReader reader = context.Request.BodyReader;
            while (true)
            {
                ReadResult result = await reader.ReadAsync(cancellationToken);
                ReadOnlySequence<byte> data = result.Buffer;
                (long taken, int refusal) = Take(body, data);
                reader.AdvanceTo(data.GetPosition(taken));
                if (refusal != 0)
                {
                    return BodyRead.Refused(refusal, refusal == StatusCodes.Status413PayloadTooLarge ? TooLarge(limit) : BudgetFull(budget));
                }

                if (result.IsCompleted)
                {
                    handedOver = true;
                    return BodyRead.Read(body);
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's word on the body (too slow, shorter than its Content-Length, bad chunk framing, over
            // MaxRequestBodySize): a client's mistake, answered with the status Kestrel chose.
            double? rate = context.Features.Get<IHttpMinRequestBodyDataRateFeature>()?.MinDataRate?.BytesPerSecond;
            (int status, string reason) = Describe(ex, rate, limit);
            return BodyRead.Refused(status, reason);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The connection was reset or closed under the read (Kestrel aborts a request whose client half-closes,
            // or reads the end of the stream first and says "Unexpected end" above): nobody is left to answer.
            return BodyRead.ClientGone;
        }
        finally
        {
            if (!handedOver)
            {
                body.Dispose();
            }
        }
    }

    /// <summary>The status and the client's message for a body Kestrel refused.</summary>
    public static (int Status, string Reason) Describe(BadHttpRequestException exception, double? minBytesPerSecond, int limit)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode switch
        {
            StatusCodes.Status408RequestTimeout => (408, minBytesPerSecond is { } rate
                ? $"the request body arrived slower than {rate.ToString("0.##", CultureInfo.InvariantCulture)} bytes/s"
                : "the request body arrived too slowly"),
            StatusCodes.Status413PayloadTooLarge => (413, TooLarge(limit)),
            _ => (400, "bad request body: " + exception.Message),
        };
    }

    private static string TooLarge(int limit) => $"the request body is larger than Api:MaxRequestBodyMB ({limit / MiB} MiB)";

    private static string BudgetFull(BodyBudget budget) =>
        $"request bodies being read fill Api:RequestBodyBudgetMB ({budget.BudgetBytes / MiB} MiB); try again";

    /// <summary>Takes what <paramref name="data"/> holds into <paramref name="body"/>, growing its room; a refusal status when it cannot.</summary>
    private static (long Taken, int Refusal) Take(RequestBodyBuffer body, ReadOnlySequence<byte> data)
    {
        long taken = 0;
        foreach (ReadOnlyMemory<byte> segment in data)
        {
            ReadOnlySpan<byte> rest = segment.Span;
            while (!rest.IsEmpty)
            {
                if (body.Length == body.Capacity)
                {
                    return (taken, StatusCodes.Status413PayloadTooLarge);
                }

                if (body.Length == body.Committed && !body.TryCommit(body.Committed * 2))
                {
                    return (taken, StatusCodes.Status503ServiceUnavailable);
                }

                int appended = body.Append(rest);
                rest = rest[appended..];
                taken += appended;
            }
        }

        return (taken, 0);
    }
}
