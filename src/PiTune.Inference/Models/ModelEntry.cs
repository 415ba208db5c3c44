using PiTune.Inference.Batching;

namespace PiTune.Inference.Models;

/// <summary>A configured model: its settings, where it stands, and, once ready, its batcher.</summary>
internal sealed class ModelEntry(ModelOptions options)
{
    public string Name => Options.Name;

    public ModelOptions Options { get; } = options;

    public ModelState State { get; private set; } = ModelState.Loading;

    /// <summary>Why the model is disabled.</summary>
    public string? Error { get; private set; }

    public ModelBatcher? Batcher { get; private set; }

    internal void SetReady(ModelBatcher batcher)
    {
        Batcher = batcher;
        State = ModelState.Ready;
    }

    internal void SetDisabled(string error)
    {
        Error = error;
        State = ModelState.Disabled;
    }
}
