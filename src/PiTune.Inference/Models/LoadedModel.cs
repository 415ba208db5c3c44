using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using PiTune.Inference.Backends;
using PiTune.Inference.Batching;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Models;

/// <summary>A model whose ONNX Runtime session was created and checked: the ONNX Runtime backend.</summary>
internal sealed record LoadedModel(string Name, string Path, InferenceSession Session, ModelSignature Signature, string Provider) : IModelBackend
{
    public string Platform => "onnxruntime_onnx";

    public int MaxConcurrentBatches => int.MaxValue;

    public IBatchRunner CreateRunner(BufferPool pool, ModelStatistics statistics, TimeProvider time, ILogger logger) =>
        new BatchRunner(this, pool, statistics, time, logger);

    public void Dispose() => Session.Dispose();
}
