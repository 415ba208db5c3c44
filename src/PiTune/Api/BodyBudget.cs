namespace PiTune.Api;

/// <summary>
/// The bytes all request bodies being read may hold at once (<c>Api:RequestBodyBudgetMB</c>). A body reserves
/// what it will hold before it holds it, and gives it back when its buffer is freed; a reservation that does
/// not fit is refused (the caller answers 503), so a burst of large requests cannot take the machine's memory.
/// </summary>
internal sealed class BodyBudget(long budgetBytes)
{
    private readonly Lock _gate = new();
    private long _inFlight;
    private long _peak;

    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>Bytes reserved by bodies being read or parsed now.</summary>
    public long BytesInFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>The most ever reserved at once (never above <see cref="BudgetBytes"/>).</summary>
    public long PeakBytes
    {
        get
        {
            lock (_gate)
            {
                return _peak;
            }
        }
    }

    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            if (_inFlight + bytes > BudgetBytes)
            {
                return false;
            }

            _inFlight += bytes;
            _peak = Math.Max(_peak, _inFlight);
            return true;
        }
    }

    public void Release(long bytes)
    {
        lock (_gate)
        {
            if (bytes < 0 || bytes > _inFlight)
            {
                throw new InvalidOperationException($"released {bytes} bytes with {_inFlight} reserved");
            }

            _inFlight -= bytes;
        }
    }
}
