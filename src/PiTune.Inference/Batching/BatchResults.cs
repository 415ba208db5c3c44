using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Batching;

/// <summary>
/// A batch's buffers and results, the same for every backend: the requests' rows gathered into one pooled input with a
/// pooled buffer per output, and afterwards each request gets one pooled buffer with its rows of every output one after
/// the other, and its latency and outcome go into the model's statistics.
/// </summary>
internal sealed class BatchResults(BufferPool pool, ModelStatistics statistics, TimeProvider time)
{
    /// <summary>The rows of every request in <paramref name="requests"/>.</summary>
    public static int RowsOf(List<InferenceRequest> requests)
    {
        int rows = 0;
        foreach (InferenceRequest r in requests)
        {
            rows += r.Rows;
        }

        return rows;
    }

    /// <summary>
    /// Rents the input (<paramref name="runRows"/> items of <paramref name="inputItemBytes"/>, the requests' rows copied in
    /// and any rows past them zeroed) and a buffer per output for <paramref name="runRows"/> items. When the pool cannot
    /// hold them every request fails with PoolExhausted and the result is false. Either way what was rented is in
    /// <paramref name="input"/> and <paramref name="outputs"/>, for <see cref="ReturnBuffers"/>.
    /// </summary>
    public bool TryGather(List<InferenceRequest> requests, int runRows, long inputItemBytes, PooledBuffer?[] outputs, TensorSpec[] specs, out PooledBuffer? input)
    {
        bool rented = pool.TryRent(runRows * inputItemBytes, out input) == RentStatus.Ok;
        for (int o = 0; rented && o < outputs.Length; o++)
        {
            rented = pool.TryRent(runRows * specs[o].ItemBytes, out outputs[o]) == RentStatus.Ok;
        }

        if (!rented)
        {
            foreach (InferenceRequest r in requests)
            {
                Complete(r, InferenceResult.Of(RequestStatus.PoolExhausted, "the tensor buffer pool is full; try again"));
            }

            return false;
        }

        Span<byte> batchBytes = input!.Bytes;
        int offset = 0;
        foreach (InferenceRequest r in requests)
        {
            Span<byte> rowBytes = r.Input.Bytes;
            rowBytes.CopyTo(batchBytes[offset..]);
            offset += rowBytes.Length;
        }

        batchBytes[offset..].Clear();
        return true;
    }

    /// <summary>Returns what <see cref="TryGather"/> rented and clears <paramref name="outputs"/>.</summary>
    public void ReturnBuffers(PooledBuffer? input, PooledBuffer?[] outputs)
    {
        if (input is not null)
        {
            pool.Return(input);
        }

        for (int o = 0; o < outputs.Length; o++)
        {
            if (outputs[o] is { } b)
            {
                pool.Return(b);
                outputs[o] = null;
            }
        }
    }

    /// <summary>Completes <paramref name="request"/>; false when its client had gone (the result is the caller's to return).</summary>
    public bool Complete(InferenceRequest request, InferenceResult result)
    {
        // Stamped before the caller can see the result, so a client's next request always queues after it (the batcher
        // tells the clients of this batch from those that queued while it ran).
        request.CompletedTimestamp = time.GetTimestamp();
        if (!request.TryClaimCompletion())
        {
            return false;
        }

        // Counted before the answer goes out: a client reading the model's statistics right after its answer finds it there.
        if (request.EnqueuedTimestamp != 0)
        {
            statistics.RecordRequest(time.GetElapsedTime(request.EnqueuedTimestamp), result.Status == RequestStatus.Ok);
        }

        request.Deliver(result);
        return true;
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
