using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PiTune.Inference.Backends;
using PiTune.Inference.Batching;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Tests.Support;

/// <summary>
/// The real model behind a gate the test holds: each batch reports its rows in <see cref="Started"/> and waits for
/// <see cref="Release"/> before ONNX Runtime runs it, so a test decides when the session frees and what queued meanwhile.
/// </summary>
internal sealed class GatedBackend(IModelBackend inner) : IModelBackend
{
    private readonly SemaphoreSlim _go = new(0);

    /// <summary>The rows of each batch the worker started, in order.</summary>
    public BlockingCollection<int> Started { get; } = [];

    /// <summary>Run on the worker right after each batch, before the batcher looks at its queue again.</summary>
    public Action? AfterRun { get; set; }

    public string Name => inner.Name;

    public string Path => inner.Path;

    public ModelSignature Signature => inner.Signature;

    public string Provider => inner.Provider;

    public string Platform => inner.Platform;

    /// <summary>The inner model's, unless the test sets it (a backend that runs one batch at a time, as HailoRT's).</summary>
    public int? ConcurrentBatches { get; set; }

    public int MaxConcurrentBatches => ConcurrentBatches ?? inner.MaxConcurrentBatches;

    /// <summary>Lets <paramref name="batches"/> started (or starting) batches run.</summary>
    public void Release(int batches = 1) => _go.Release(batches);

    public IBatchRunner CreateRunner(BufferPool pool, ModelStatistics statistics, TimeProvider time, ILogger logger) =>
        new Runner(this, inner.CreateRunner(pool, statistics, time, logger));

    public void Dispose() => _go.Dispose();

    private sealed class Runner(GatedBackend owner, IBatchRunner runner) : IBatchRunner
    {
        public void Run(List<InferenceRequest> batch)
        {
            owner.Started.Add(BatchResults.RowsOf(batch));
            owner._go.Wait();
            runner.Run(batch);
            owner.AfterRun?.Invoke();
        }

        public Exception? TryWarm(int rows) => runner.TryWarm(rows);

        public Exception? Shrink() => runner.Shrink();

        public void Dispose() => runner.Dispose();
    }
}
