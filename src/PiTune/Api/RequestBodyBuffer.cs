namespace PiTune.Api;

/// <summary>
/// A request body in its own anonymous mapping: room for at most <see cref="Capacity"/> bytes is reserved as
/// address space, and memory is committed (and charged to the <see cref="BodyBudget"/>) only as the body needs
/// it. Dispose gives the memory back to the kernel and the bytes back to the budget.
/// </summary>
internal sealed unsafe class RequestBodyBuffer : IDisposable
{
    private readonly BodyBudget _budget;
    private byte* _address;
    private long _committed;

    private RequestBodyBuffer(BodyBudget budget, long capacity)
    {
        _budget = budget;
        Capacity = capacity;
        _address = capacity > 0 ? AnonymousMemory.Reserve(AnonymousMemory.Pages(capacity)) : null;
    }

    /// <summary>The most this body may hold (its Content-Length, or the request limit for a chunked one).</summary>
    public long Capacity { get; }

    /// <summary>Bytes committed and charged to the budget (whole pages).</summary>
    public long Committed => _committed;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _address is null ? default : new(_address, Length);

    /// <summary>Room for up to <paramref name="capacity"/> bytes; nothing committed yet.</summary>
    public static RequestBodyBuffer Create(BodyBudget budget, long capacity) => new(budget, capacity);

    /// <summary>Commits room for at least <paramref name="bytes"/> (at most <see cref="Capacity"/>); false when the budget has no room.</summary>
    public bool TryCommit(long bytes)
    {
        ObjectDisposedException.ThrowIf(_address is null && Capacity > 0, this);
        long target = Math.Min(AnonymousMemory.Pages(Math.Min(bytes, Capacity)), AnonymousMemory.Pages(Capacity));
        if (target <= _committed)
        {
            return true;
        }

        if (!_budget.TryReserve(target - _committed))
        {
            return false;
        }

        try
        {
            AnonymousMemory.Commit(_address, target);
        }
        catch
        {
            _budget.Release(target - _committed);
            throw;
        }

        _committed = target;
        return true;
    }

    /// <summary>Appends what fits of <paramref name="data"/> in the committed room; returns how many bytes were taken.</summary>
    public int Append(ReadOnlySpan<byte> data)
    {
        long room = Math.Min(_committed, Capacity) - Length;
        int take = (int)Math.Min(room, data.Length);
        data[..take].CopyTo(new Span<byte>(_address + Length, take));
        Length += take;
        return take;
    }

    public void Dispose()
    {
        if (_address is null)
        {
            return;
        }

        AnonymousMemory.Free(_address, AnonymousMemory.Pages(Capacity));
        _address = null;
        _budget.Release(_committed);
        _committed = 0;
    }
}
