using System.Numerics;
using PiTune.Core.Metrics;
using PiTune.Core.Pool;

namespace PiTune.Inference.Pool;

/// <summary>
/// A byte-budgeted pool of native tensor buffers in power-of-two size classes (from 4 KiB). A rental
/// takes the most recently returned buffer of its class; a miss allocates, first evicting the least
/// recently used free buffers (of any class) until the budget has room. Rented buffers are never
/// evicted: when they alone fill the budget, the rental is refused. Native memory (rather than managed
/// arrays) means a trimmed buffer goes back to the kernel at once, not at the next full GC.
/// </summary>
internal sealed class BufferPool : IBufferPoolControl, IMetricsContributor, IDisposable
{
    private const int MinClass = 12;
    private const int MaxClass = 40;
    private readonly Lock _gate = new();
    private readonly LinkedList<PooledBuffer> _lru = new();
    private readonly LinkedList<PooledBuffer>[] _free = new LinkedList<PooledBuffer>[MaxClass + 1];
    private long _bytesFree;
    private long _bytesInUse;
    private long _hits;
    private long _misses;
    private long _evictions;
    private long? _pressureLimit;
    private bool _disposed;

    public BufferPool(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, 1L << MinClass);
        BudgetBytes = budgetBytes;
        for (int i = 0; i < _free.Length; i++)
        {
            _free[i] = new LinkedList<PooledBuffer>();
        }
    }

    public long BudgetBytes { get; }

    public long BytesFree
    {
        get
        {
            lock (_gate)
            {
                return _bytesFree;
            }
        }
    }

    public long BytesInUse
    {
        get
        {
            lock (_gate)
            {
                return _bytesInUse;
            }
        }
    }

    public PoolMetrics Metrics
    {
        get
        {
            lock (_gate)
            {
                return new PoolMetrics(_bytesInUse, _bytesFree, BudgetBytes, _hits, _misses, _evictions);
            }
        }
    }

    /// <summary>The capacity a rental of <paramref name="bytes"/> occupies in the budget.</summary>
    public static long CapacityFor(long bytes) => 1L << ClassOf(bytes);

    /// <summary>Rents at least <paramref name="bytes"/> bytes (contents undefined); see <see cref="RentStatus"/> for refusals.</summary>
    public RentStatus TryRent(long bytes, out PooledBuffer? buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        buffer = null;
        int sizeClass = ClassOf(bytes);
        long capacity = 1L << sizeClass;
        if (sizeClass > MaxClass || capacity > BudgetBytes)
        {
            return RentStatus.TooLarge;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            LinkedList<PooledBuffer> free = _free[sizeClass];
            if (free.Last is { } hit)
            {
                buffer = hit.Value;
                free.Remove(hit);
                _lru.Remove(buffer.LruNode);
                _bytesFree -= capacity;
                _hits++;
            }
            else
            {
                // Decided before evicting: when the rented buffers alone leave no room, dropping free ones would
                // empty the pool for a rental that is refused anyway.
                if (_bytesInUse + capacity > BudgetBytes)
                {
                    return RentStatus.Exhausted;
                }

                while (_bytesInUse + _bytesFree + capacity > BudgetBytes && _lru.First is { } oldest)
                {
                    Evict(oldest.Value);
                }

                buffer = new PooledBuffer(sizeClass, capacity);
                _misses++;
            }

            buffer.IsRented = true;
            buffer.Length = bytes;
            _bytesInUse += capacity;
            return RentStatus.Ok;
        }
    }

    /// <summary>Gives <paramref name="buffer"/> back; it is kept for reuse unless the pool is over its pressure limit.</summary>
    public void Return(PooledBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (_gate)
        {
            if (!buffer.IsRented)
            {
                throw new InvalidOperationException("buffer returned twice");
            }

            buffer.IsRented = false;
            _bytesInUse -= buffer.Capacity;
            if (_disposed || (_pressureLimit is { } limit && _bytesInUse + _bytesFree + buffer.Capacity > limit))
            {
                buffer.Free();
                _evictions++;
                return;
            }

            _free[buffer.SizeClass].AddLast(buffer.ClassNode);
            _lru.AddLast(buffer.LruNode);
            _bytesFree += buffer.Capacity;
        }
    }

    public long Trim(long targetBytes)
    {
        lock (_gate)
        {
            long before = _bytesFree;
            while (_bytesInUse + _bytesFree > targetBytes && _lru.First is { } oldest)
            {
                Evict(oldest.Value);
            }

            return before - _bytesFree;
        }
    }

    public void SetPressureLimit(long? maxBytes)
    {
        lock (_gate)
        {
            _pressureLimit = maxBytes;
        }

        if (maxBytes is { } limit)
        {
            Trim(limit);
        }
    }

    public void Contribute(ResourceMetricsDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        draft.Pool = Metrics;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_lru.First is { } oldest)
            {
                Evict(oldest.Value);
            }
        }
    }

    /// <summary>
    /// What is wrong with the pool's accounting, or null: checked in one hold of the lock, so a concurrent test sees
    /// one consistent state (the counters agree with the free lists, and rented plus free fits the budget).
    /// </summary>
    internal string? CheckAccounting()
    {
        lock (_gate)
        {
            long listed = 0;
            int inClasses = 0;
            foreach (PooledBuffer b in _lru)
            {
                listed += b.Capacity;
                if (b.IsRented || b.Pointer == 0)
                {
                    return $"a free buffer of {b.Capacity} bytes is {(b.IsRented ? "marked rented" : "already freed")}";
                }
            }

            foreach (LinkedList<PooledBuffer> free in _free)
            {
                inClasses += free.Count;
            }

            return listed != _bytesFree || inClasses != _lru.Count ? $"free lists hold {listed} bytes in {_lru.Count} (by class {inClasses}), counted {_bytesFree}"
                : _bytesInUse < 0 ? $"{_bytesInUse} bytes in use"
                : _bytesInUse + _bytesFree > BudgetBytes ? $"{_bytesInUse} in use + {_bytesFree} free, over the budget of {BudgetBytes}"
                : null;
        }
    }

    private static int ClassOf(long bytes) =>
        bytes <= 1L << MinClass ? MinClass : 64 - BitOperations.LeadingZeroCount((ulong)(bytes - 1));

    private void Evict(PooledBuffer buffer)
    {
        _lru.Remove(buffer.LruNode);
        _free[buffer.SizeClass].Remove(buffer.ClassNode);
        _bytesFree -= buffer.Capacity;
        _evictions++;
        buffer.Free();
    }
}
