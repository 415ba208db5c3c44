using PiTune.Inference.Pool;

namespace PiTune.Inference.Batching;

/// <summary>
/// The end of a request. On success <see cref="Output"/> holds every output's rows for this request,
/// output after output, and belongs to the caller, who returns it to the pool after use.
/// </summary>
internal readonly record struct InferenceResult(RequestStatus Status, PooledBuffer? Output, int BatchSize, string? Error)
{
    public static InferenceResult Of(RequestStatus status, string? error = null) => new(status, null, 0, error);
}
