using Microsoft.Extensions.Logging;
using PiTune.Inference.Batching;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Backends;

/// <summary>
/// A model one backend (ONNX Runtime, HailoRT) has loaded: what it takes and gives, and the runner its batcher's worker
/// drives. The batcher, the pool, the API, the statistics and the governor's and memory job's signals see only this.
/// </summary>
internal interface IModelBackend : IDisposable
{
    string Name { get; }

    /// <summary>The model file, resolved.</summary>
    string Path { get; }

    ModelSignature Signature { get; }

    /// <summary>Where the model runs, for logs, metadata and status ("CPU", "HailoRT HAILO8L").</summary>
    string Provider { get; }

    /// <summary>KServe's <c>platform</c> for the model metadata.</summary>
    string Platform { get; }

    /// <summary>
    /// Batches that may run at once, each on its own runner: ONNX Runtime's run is thread-safe on one session; a HailoRT
    /// network's streams carry one batch at a time.
    /// </summary>
    int MaxConcurrentBatches { get; }

    /// <summary>A runner for one of the model's worker threads (one per worker; a runner is used by its thread only).</summary>
    IBatchRunner CreateRunner(BufferPool pool, ModelStatistics statistics, TimeProvider time, ILogger logger);
}
