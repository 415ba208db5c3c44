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

    /// <summary>The HailoRT backend (models whose <c>Path</c> is a <c>.hef</c>, or <c>Backend</c> Hailo).</summary>
    public HailoOptions Hailo { get; set; } = new();

    /// <summary>ONNX Runtime graph optimizations applied when a session is created.</summary>
    public GraphOptimization GraphOptimization { get; set; } = GraphOptimization.All;

    /// <summary>
    /// How ONNX Runtime's CPU arena grows. <see cref="ArenaExtendStrategy.SameAsRequested"/> puts every session on one
    /// arena registered with that strategy, whose idle shrink hands back all but what is in use (ONNX Runtime's own
    /// doubling left an 8 MB region resident after each shrink of the bundled classifier); but batches growing from 1 to
    /// full after a shrink each get a region of their own, and under load the daemon held 168–255 MB against 141–151 MB
    /// with the doubling, so the doubling stays the default.
    /// </summary>
    public ArenaExtendStrategy ArenaExtendStrategy { get; set; } = ArenaExtendStrategy.NextPowerOfTwo;
}
