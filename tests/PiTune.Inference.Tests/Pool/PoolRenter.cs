using System.Collections.Concurrent;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Tests.Pool;

/// <summary>
/// One client of a <see cref="BufferPool"/> taking seeded random steps: rent 1 byte to 3 MiB (marking the bytes) or
/// return one of the up to four it holds (checking the mark first, so a buffer evicted or handed to someone else while
/// rented is caught). After each step the pool's accounting is checked in one hold of its lock.
/// </summary>
internal sealed class PoolRenter(BufferPool pool, int seed)
{
    private const int MiB = 1 << 20;
    private readonly Random _random = new(seed);
    private readonly List<(PooledBuffer Buffer, byte Mark)> _held = [];

    public void Step(ConcurrentQueue<string> failures)
    {
        if (_held.Count > 0 && (_held.Count >= 4 || _random.Next(2) == 0))
        {
            int k = _random.Next(_held.Count);
            (PooledBuffer buffer, byte mark) = _held[k];
            _held.RemoveAt(k);
            if (!buffer.IsRented || buffer.Pointer == 0 || buffer.Bytes.IndexOfAnyExcept(mark) >= 0)
            {
                failures.Enqueue($"a rented buffer of {buffer.Capacity} bytes changed under its renter");
            }

            pool.Return(buffer);
        }
        else if (pool.TryRent(_random.Next(1, 3 * MiB), out PooledBuffer? buffer) == RentStatus.Ok)
        {
            byte mark = (byte)_random.Next(1, 255);
            buffer!.Bytes.Fill(mark);
            _held.Add((buffer, mark));
        }

        if (pool.CheckAccounting() is { } problem)
        {
            failures.Enqueue(problem);
        }
    }

    public void ReturnAll()
    {
        _held.ForEach(h => pool.Return(h.Buffer));
        _held.Clear();
    }
}
