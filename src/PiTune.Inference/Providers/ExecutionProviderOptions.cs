namespace PiTune.Inference.Providers;

/// <summary>
/// One entry of <c>Inference:ExecutionProviders</c>: a provider built into the ONNX Runtime package
/// (<c>CPU</c>, or any name <c>OrtEnv.GetAvailableProviders()</c> lists, with or without the
/// <c>ExecutionProvider</c> suffix), or a vendor's plugin EP library when <see cref="Library"/> is set.
/// </summary>
internal sealed class ExecutionProviderOptions
{
    /// <summary>The provider's name; for a plugin library, the EP name its devices report.</summary>
    public string Name { get; set; } = "";

    /// <summary>Path of a plugin EP shared library (<c>.so</c>) to register at run time.</summary>
    public string? Library { get; set; }

    /// <summary>Provider options passed through as given.</summary>
    public Dictionary<string, string> Options { get; set; } = [];
}
