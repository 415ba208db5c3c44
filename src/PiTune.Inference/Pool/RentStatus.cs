namespace PiTune.Inference.Pool;

/// <summary>Why a rental did or did not succeed.</summary>
internal enum RentStatus
{
    Ok,

    /// <summary>One buffer of this size would exceed the whole budget.</summary>
    TooLarge,

    /// <summary>Rented buffers already fill the budget; nothing free is left to evict.</summary>
    Exhausted,
}
