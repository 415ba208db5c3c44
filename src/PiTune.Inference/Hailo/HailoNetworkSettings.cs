namespace PiTune.Inference.Hailo;

/// <summary>How one model is configured on the vdevice and how its vstreams are made.</summary>
/// <param name="FloatInputs">FLOAT32 user buffers on the input (the library quantises); false: raw device type.</param>
/// <param name="FloatOutputs">FLOAT32 outputs (de-quantised by the library); false: raw device type.</param>
/// <param name="BatchSize">The scheduler's burst; 0 lets the library choose.</param>
/// <param name="SchedulerTimeoutMs">How long a model with a pending frame waits before it counts as ready; null keeps the default.</param>
/// <param name="SchedulerThreshold">Frames queued before the model counts as ready; null keeps the default.</param>
/// <param name="SchedulerPriority">0-31, higher wins (library default 16); null keeps the default.</param>
/// <param name="FrameTimeout">The vstreams' timeout_ms: how long one write or read may block.</param>
internal sealed record HailoNetworkSettings(
    bool FloatInputs,
    bool FloatOutputs,
    ushort BatchSize,
    uint? SchedulerTimeoutMs,
    uint? SchedulerThreshold,
    byte? SchedulerPriority,
    TimeSpan FrameTimeout);
