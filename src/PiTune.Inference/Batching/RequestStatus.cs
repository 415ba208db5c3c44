namespace PiTune.Inference.Batching;

/// <summary>How an inference request ended.</summary>
internal enum RequestStatus
{
    Ok,

    /// <summary>The model's queue was full; try again later (HTTP 503 with Retry-After).</summary>
    QueueFull,

    /// <summary>The deadline passed before the request could run (HTTP 504).</summary>
    DeadlineExceeded,

    /// <summary>The client went away.</summary>
    Cancelled,

    /// <summary>The model is not ready (loading, disabled or stopping) (HTTP 503).</summary>
    NotReady,

    /// <summary>The buffer pool could not hold the tensors (HTTP 503).</summary>
    PoolExhausted,

    /// <summary>ONNX Runtime failed on this request alone (HTTP 500).</summary>
    Failed,
}
