namespace PiTune.Inference.Models;

/// <summary>A HailoRT model's own settings (<c>Inference:Models:N:Hailo</c>); ignored for ONNX Runtime models.</summary>
internal sealed class HailoModelOptions
{
    /// <summary>What clients send: FP32 (quantised by HailoRT) or the device's raw UINT8.</summary>
    public HailoInputFormat Input { get; set; } = HailoInputFormat.Float32;

    /// <summary>True: outputs de-quantised to FP32 by HailoRT; false: the device's own type (UINT8 or UINT16).</summary>
    public bool FloatOutputs { get; set; } = true;

    /// <summary>The scheduler's burst: frames run before it switches to another model. 0 lets HailoRT choose.</summary>
    public int BatchSize { get; set; }

    /// <summary>How long a model with a frame pending waits for more before it counts as ready; unset is HailoRT's 0.</summary>
    public TimeSpan? SchedulerTimeout { get; set; }

    /// <summary>Frames that must be queued before the model counts as ready; unset is HailoRT's automatic.</summary>
    public int? SchedulerThreshold { get; set; }

    /// <summary>0–31, higher wins; unset is HailoRT's 16 (normal).</summary>
    public int? SchedulerPriority { get; set; }

    /// <summary>How long one frame's write or read may block before the batch fails (the vstreams' timeout).</summary>
    public TimeSpan FrameTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
