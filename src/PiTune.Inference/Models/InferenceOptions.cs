using PiTune.Inference.Providers;

namespace PiTune.Inference.Models;

/// <summary>The inference job's settings (section <c>Inference</c>); read at start.</summary>
internal sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>False: no models are loaded and the API answers only health and metadata.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The models to serve.</summary>
    public List<ModelOptions> Models { get; set; } = [];

    /// <summary>
    /// Execution providers in order of preference; CPU is always tried last whether listed or not.
    /// Empty means CPU only.
    /// </summary>
    public List<ExecutionProviderOptions> ExecutionProviders { get; set; } = [];

    /// <summary>ONNX Runtime graph optimizations applied when a session is created.</summary>
    public GraphOptimization GraphOptimization { get; set; } = GraphOptimization.All;
}
