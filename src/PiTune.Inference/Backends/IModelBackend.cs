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

    /// <summary>The runner for the model's worker thread (one per batcher).</summary>
    IBatchRunner CreateRunner(BufferPool pool, ModelStatistics statistics, TimeProvider time, ILogger logger);
}
