using PiTune.Inference.Batching;

namespace PiTune.Inference.Backends;

/// <summary>
/// Runs batches of one model on its backend, from the batcher's worker thread only. Every request of a batch is
/// completed (a result or a failure of its own); one bad request never fails the others.
/// </summary>
internal interface IBatchRunner : IDisposable
{
    /// <summary>Runs <paramref name="batch"/> and completes each of its requests.</summary>
    void Run(List<InferenceRequest> batch);

    /// <summary>Runs <paramref name="rows"/> rows of zeros, as warm-up before the model reports ready.</summary>
    /// <returns>Null, or why the run failed (the model is then not served).</returns>
    Exception? TryWarm(int rows);

    /// <summary>Hands back memory the backend keeps from its largest batch, after an idle spell.</summary>
    /// <returns>Null (done, or nothing to hand back), or why the backend refused (the model still serves).</returns>
    Exception? Shrink();
}
