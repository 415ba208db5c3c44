namespace PiTune.Core.Inference;

/// <summary>
/// The batcher's "work is here / all work is done" signal, so the CPU governor job can switch the moment
/// the first request arrives after idle instead of at the next sampling tick. Registered only when
/// inference runs; without it the governor job judges activity from CPU usage.
/// </summary>
public interface IInferenceActivity
{
    /// <summary>True while any request is queued or running.</summary>
    bool IsActive { get; }

    /// <summary>
    /// Raised with <c>true</c> when work arrives after idle and <c>false</c> when the last request finished,
    /// on the thread that caused it (a request thread): handlers must only signal, never block or do I/O.
    /// </summary>
    event Action<bool>? ActivityChanged;
}
