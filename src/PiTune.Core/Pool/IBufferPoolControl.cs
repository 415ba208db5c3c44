namespace PiTune.Core.Pool;

/// <summary>
/// What the memory job may ask of the tensor buffer pool under memory pressure. The pool never evicts a
/// buffer that is rented; trimming only drops free buffers, least recently used first.
/// </summary>
public interface IBufferPoolControl
{
    /// <summary>The configured budget in bytes (free and rented buffers together).</summary>
    long BudgetBytes { get; }

    /// <summary>Bytes in free (pooled, not rented) buffers.</summary>
    long BytesFree { get; }

    /// <summary>Bytes in rented buffers.</summary>
    long BytesInUse { get; }

    /// <summary>Drops free buffers, least recently used first, until the pool holds at most <paramref name="targetBytes"/>; returns the bytes freed.</summary>
    long Trim(long targetBytes);

    /// <summary>
    /// Until lifted with null, keeps the pool at most <paramref name="maxBytes"/>: it is trimmed now, and a
    /// buffer returned while over the limit is dropped instead of kept. Rentals still succeed (a request is
    /// never failed for pressure); they are just not pooled.
    /// </summary>
    void SetPressureLimit(long? maxBytes);
}
