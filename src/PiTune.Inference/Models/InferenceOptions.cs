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

    /// <summary>
    /// How ONNX Runtime's CPU arena grows. <see cref="ArenaExtendStrategy.SameAsRequested"/> puts every session on one
    /// arena registered with that strategy, whose idle shrink hands back all but what is in use; with ONNX Runtime's
    /// own doubling an 8 MB region stayed resident after each shrink of the bundled classifier.
    /// </summary>
    public ArenaExtendStrategy ArenaExtendStrategy { get; set; } = ArenaExtendStrategy.SameAsRequested;
}
