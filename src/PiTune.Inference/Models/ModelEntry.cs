using PiTune.Inference.Batching;

namespace PiTune.Inference.Models;

/// <summary>
/// A configured model: its settings, where it stands, and, once ready, its batcher. The state changes from the loader
/// and the chip's retry timer while the API reads it: read <see cref="View"/> once for a consistent answer.
/// </summary>
internal sealed class ModelEntry(ModelOptions options)
{
    private volatile ModelView _view = ModelView.Loading;

    public string Name => Options.Name;

    public ModelOptions Options { get; } = options;

    public ModelView View => _view;

    public ModelState State => _view.State;

    /// <summary>Why the model is disabled or unavailable (null when ready on its own backend).</summary>
    public string? Error => _view.State is ModelState.Disabled or ModelState.Unavailable ? _view.Reason : null;

    public ModelBatcher? Batcher => _view.Batcher;

    internal void SetReady(ModelBatcher batcher) => _view = new ModelView(ModelState.Ready, null, batcher, false, null);

    internal void SetDisabled(string error) => _view = new ModelView(ModelState.Disabled, error, null, false, null);

    /// <summary>The chip cannot be used; <paramref name="fallback"/> serves in its place, or nothing does.</summary>
    internal void SetUnavailable(string reason, ModelBatcher? fallback, DateTimeOffset? retryAt) =>
        _view = fallback is null
            ? new ModelView(ModelState.Unavailable, reason, null, false, retryAt)
            : new ModelView(ModelState.Ready, reason, fallback, true, retryAt);
}
