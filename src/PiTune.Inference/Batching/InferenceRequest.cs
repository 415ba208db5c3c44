using PiTune.Inference.Pool;

namespace PiTune.Inference.Batching;

/// <summary>
/// One queued request: its input rows in a pooled buffer (owned by the batcher from submission) and
/// a small state machine so the batcher and a caller who gives up never both own the result.
/// </summary>
internal sealed class InferenceRequest
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Done = 2;
    private const int Abandoned = 3;
    private readonly TaskCompletionSource<InferenceResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public InferenceRequest(PooledBuffer input, int rows, DateTimeOffset deadline)
    {
        Input = input;
        Rows = rows;
        Deadline = deadline;
    }

    public PooledBuffer Input { get; }

    public int Rows { get; }

    public DateTimeOffset Deadline { get; }

    /// <summary>Set by the batcher when the request is queued.</summary>
    public DateTimeOffset Enqueued { get; internal set; }

    internal long EnqueuedTimestamp { get; set; }

    /// <summary>When the batcher handed the result over (the time provider's timestamp), just before the caller sees it.</summary>
    internal long CompletedTimestamp { get; set; }

    public Task<InferenceResult> Completion => _completion.Task;

    /// <summary>
    /// The caller no longer wants the result (client gone, deadline passed while waiting). If the
    /// batcher has not finished it, it will drop the request and return its buffers itself.
    /// </summary>
    public bool Abandon() =>
        Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued
        || Interlocked.CompareExchange(ref _state, Abandoned, Running) == Running;

    internal bool TryStart() => Interlocked.CompareExchange(ref _state, Running, Queued) == Queued;

    /// <summary>Hands <paramref name="result"/> to the caller; false (the caller abandoned it) means the batcher still owns the output.</summary>
    internal bool TryComplete(InferenceResult result)
    {
        if (!TryClaimCompletion())
        {
            return false;
        }

        Deliver(result);
        return true;
    }

    /// <summary>
    /// Takes the right to answer: after true the caller can no longer abandon the request, and <see cref="Deliver"/> must
    /// follow. Between the two the batcher records what the caller will read about the request.
    /// </summary>
    internal bool TryClaimCompletion()
    {
        int from = Volatile.Read(ref _state);
        return from is not (Done or Abandoned) && Interlocked.CompareExchange(ref _state, Done, from) == from;
    }

    /// <summary>Hands <paramref name="result"/> to the caller after <see cref="TryClaimCompletion"/>.</summary>
    internal void Deliver(InferenceResult result) => _completion.SetResult(result);
}
