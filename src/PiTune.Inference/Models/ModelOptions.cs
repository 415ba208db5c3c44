namespace PiTune.Inference.Models;

/// <summary>One served model (an entry of <c>Inference:Models</c>).</summary>
internal sealed class ModelOptions
{
    /// <summary>The name clients use in <c>/v2/models/{name}</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The <c>.onnx</c> (or, for HailoRT, <c>.hef</c>) file; a relative path is resolved against the directory of the pitune binary.</summary>
    public string Path { get; set; } = "";

    /// <summary>Which runtime serves it; <see cref="ModelBackend.Auto"/> goes by the file (<c>.hef</c> is HailoRT).</summary>
    public ModelBackend Backend { get; set; } = ModelBackend.Auto;

    /// <summary>
    /// For a HailoRT model: an <c>.onnx</c> model served under the same name while the chip cannot be used (library,
    /// driver or device missing or busy, or the <c>.hef</c> refused); the chip takes over when it appears.
    /// </summary>
    public string? Fallback { get; set; }

    /// <summary>HailoRT settings of this model.</summary>
    public HailoModelOptions Hailo { get; set; } = new();

    /// <summary>The backend that serves the model, <see cref="Backend"/> resolved by the file's extension.</summary>
    public ModelBackend ResolveBackend() => Backend != ModelBackend.Auto ? Backend
        : Path.EndsWith(".hef", StringComparison.OrdinalIgnoreCase) ? ModelBackend.Hailo : ModelBackend.Onnx;

    /// <summary>The input to batch; null when the model has exactly one input.</summary>
    public string? InputName { get; set; }

    /// <summary>The outputs to return; empty means all of them.</summary>
    public List<string> OutputNames { get; set; } = [];

    /// <summary>
    /// The shape of one item (every dimension after the batch dimension), for models whose inputs have
    /// symbolic dimensions besides the batch; empty means the model's own (fully fixed) shape.
    /// </summary>
    public List<int> InputShape { get; set; } = [];

    /// <summary>The largest batch the batcher forms (Triton's <c>max_batch_size</c>).</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>How long the oldest queued request may wait for others to join its batch (Triton's <c>max_queue_delay_microseconds</c>).</summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Dispatch a partial batch as soon as the session is free and the whole group of clients is queued (the previous
    /// batch's rows plus those that queued while it ran), instead of always holding it for <see cref="MaxQueueDelay"/>:
    /// closed-loop clients come back together, so once they are all in there is nobody left to wait for. A lone client
    /// gets no added delay, a steady group is batched whole (two groups that would alternate are merged), and
    /// <see cref="MaxQueueDelay"/>, counted from the later of the oldest request's arrival and the session freeing,
    /// stays the upper bound. Off, the batcher is Triton's exactly.
    /// </summary>
    public bool AdaptiveDelay { get; set; } = true;

    /// <summary>Requests queued beyond this are refused at once (HTTP 503 with Retry-After).</summary>
    public int MaxQueueSize { get; set; } = 256;

    /// <summary>A request still queued after this long is dropped (HTTP 504); a request's own <c>timeout</c> parameter may shorten it.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// ONNX Runtime intra-op threads for this model's session; 0 picks: ONNX Runtime's own choice (one per core) with one
    /// runner, the cores shared out between them with several (<see cref="ResolveIntraOpThreads"/>).
    /// </summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Batches of this model that run at once, each on its own worker thread against the one session (ONNX Runtime's
    /// run is thread-safe; the weights are loaded once). 1 runs one batch at a time with all the intra-op threads;
    /// 0 is one per core, each batch on one thread: for a small model, whose intra-op threads spend a batch's run
    /// mostly waking each other, the cores then each run a batch of their own instead (a HailoRT model runs one).
    /// </summary>
    public int Runners { get; set; } = 1;

    /// <summary><see cref="Runners"/> resolved: 0 becomes one per core this process may use.</summary>
    public int ResolveRunners() => Runners > 0 ? Runners : Environment.ProcessorCount;

    /// <summary>
    /// The intra-op threads the session is created with: <see cref="IntraOpThreads"/> when set; else 0 (ONNX Runtime's
    /// choice, one per core) with one runner, and the cores divided between the runners (at least one each) with more.
    /// </summary>
    public int ResolveIntraOpThreads() => IntraOpThreads > 0 ? IntraOpThreads
        : ResolveRunners() is var runners && runners > 1 ? Math.Max(1, Environment.ProcessorCount / runners) : 0;

    /// <summary>
    /// Let ONNX Runtime's intra-op threads spin while waiting for work (its default). Off here: on a Pi the spinning
    /// burns a core's worth of power and heat between batches for a fraction of a millisecond of latency.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// Let ONNX Runtime plan one block for all of a run's intermediate tensors per input shape (its default). Off here:
    /// the block for a full batch of the bundled classifier added ~20 MB to the peak and gave no measurable throughput.
    /// </summary>
    public bool MemoryPattern { get; set; }

    /// <summary>Refuse (HTTP 400) a request whose input holds NaN or infinity.</summary>
    public bool RejectNonFinite { get; set; } = true;

    /// <summary>Runs of the full batch size made before the model reports ready.</summary>
    public int WarmupRuns { get; set; } = 2;

    /// <summary>
    /// After the warm-up, and once the model has had no batch for this long, hand the memory ONNX Runtime's CPU arena
    /// keeps from its largest batch back to the kernel (one single-row run with the arena's shrinkage on), and drop
    /// the buffer pool's free buffers when no request is in flight. The arena otherwise keeps its peak for good: a
    /// full-batch warm-up alone left the bundled classifier's daemon ~40 MB bigger at idle. The first full batch after
    /// a shrink allocates again. Zero never shrinks.
    /// </summary>
    public TimeSpan ArenaShrinkAfterIdle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>These settings for the ONNX fallback at <paramref name="path"/> (queue, deadline, batch and warm-up as the model's).</summary>
    public ModelOptions AsFallback(string path)
    {
        var copy = (ModelOptions)MemberwiseClone();
        copy.Path = path;
        copy.Backend = ModelBackend.Onnx;
        copy.Fallback = null;
        return copy;
    }
}
