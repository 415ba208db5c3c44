using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Batching;

/// <summary>
/// Hands a batch's results back to its requests, the same for every backend: each request gets one pooled buffer with
/// its rows of every output one after the other, and its latency and outcome go into the model's statistics.
/// </summary>
internal sealed class BatchResults(BufferPool pool, ModelStatistics statistics, TimeProvider time)
{
    /// <summary>Completes <paramref name="request"/>; false when its client had gone (the result is the caller's to return).</summary>
    public bool Complete(InferenceRequest request, InferenceResult result)
    {
        bool delivered = request.TryComplete(result);
        if (delivered && request.EnqueuedTimestamp != 0)
        {
            statistics.RecordRequest(time.GetElapsedTime(request.EnqueuedTimestamp), result.Status == RequestStatus.Ok);
        }

        return delivered;
    }

    /// <summary>Splits the batch's outputs (<paramref name="outputs"/>[o] holds output o's rows in batch order) per request.</summary>
    public void Split(List<InferenceRequest> requests, int rows, ReadOnlySpan<PooledBuffer?> outputs, TensorSpec[] specs, long outputItemBytes)
    {
        int row = 0;
        foreach (InferenceRequest r in requests)
        {
            if (pool.TryRent(r.Rows * outputItemBytes, out PooledBuffer? output) != RentStatus.Ok)
            {
                Complete(r, InferenceResult.Of(RequestStatus.PoolExhausted, "the tensor buffer pool is full; try again"));
                row += r.Rows;
                continue;
            }

            Span<byte> target = output!.Bytes;
            int at = 0;
            for (int o = 0; o < outputs.Length; o++)
            {
                int itemBytes = (int)specs[o].ItemBytes;
                Span<byte> source = outputs[o]!.Bytes.Slice(row * itemBytes, r.Rows * itemBytes);
                source.CopyTo(target[at..]);
                at += source.Length;
            }

            row += r.Rows;
            if (!Complete(r, new InferenceResult(RequestStatus.Ok, output, rows, null)))
            {
                pool.Return(output);
            }
        }
    }
}
