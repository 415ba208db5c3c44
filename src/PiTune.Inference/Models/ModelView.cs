using System.Globalization;
using PiTune.Inference.Batching;

namespace PiTune.Inference.Models;

/// <summary>
/// One consistent reading of where a model stands: its state, the reason, the batcher serving it, and for a HailoRT
/// model whether the ONNX fallback serves in its place and when the chip is tried next. Replaced whole on each change.
/// </summary>
/// <param name="Reason">Why it is disabled or unavailable, or, on the fallback, why the chip is not used.</param>
/// <param name="OnFallback">The ONNX fallback serves under the model's name.</param>
/// <param name="RetryAt">When the chip is tried again; null when it is not.</param>
internal sealed record ModelView(ModelState State, string? Reason, ModelBatcher? Batcher, bool OnFallback, DateTimeOffset? RetryAt)
{
    public static ModelView Loading { get; } = new(ModelState.Loading, null, null, false, null);

    /// <summary>Whole seconds until the next try (rounded up), or null.</summary>
    public long? RetryInSeconds(DateTimeOffset now) =>
        RetryAt is { } at ? Math.Max(0, (long)Math.Ceiling((at - now).TotalSeconds)) : null;

    /// <summary>The state as one line: "ready", "ready (fallback: onnx): ...; retrying the chip in 8 s", "unavailable: ...; retrying in 8 s".</summary>
    public string Describe(DateTimeOffset now)
    {
        string retry = RetryInSeconds(now) is { } s ? string.Create(CultureInfo.InvariantCulture, $"; retrying in {s} s") : "";
        return State switch
        {
            ModelState.Ready when OnFallback => $"ready (fallback: onnx): {Reason}{retry}",
            ModelState.Ready => "ready",
            ModelState.Loading => "loading",
            ModelState.Unavailable => $"unavailable: {Reason}{retry}",
            _ => $"disabled: {Reason}",
        };
    }
}
