using PiTune.Core.Metrics;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Tests.Pool;

public sealed class BufferPoolTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void A_returned_buffer_is_rented_again_as_a_hit()
    {
        using var pool = new BufferPool(8 * MiB);
        Assert.Equal(RentStatus.Ok, pool.TryRent(100_000, out PooledBuffer? first));
        nint pointer = first!.Pointer;
        pool.Return(first);

        Assert.Equal(RentStatus.Ok, pool.TryRent(120_000, out PooledBuffer? second));

        Assert.Equal(pointer, second!.Pointer);
        Assert.Equal(new PoolMetrics(128 * 1024, 0, 8 * MiB, 1, 1, 0), pool.Metrics);
        pool.Return(second);
    }

    [Fact]
    public void A_single_request_larger_than_the_budget_is_refused()
    {
        using var pool = new BufferPool(4 * MiB);

        Assert.Equal(RentStatus.TooLarge, pool.TryRent(5 * MiB, out PooledBuffer? buffer));
        Assert.Null(buffer);
    }

    [Fact]
    public void When_rented_buffers_fill_the_budget_a_rental_is_refused_rather_than_evicting_one()
    {
        using var pool = new BufferPool(4 * MiB);
        Assert.Equal(RentStatus.Ok, pool.TryRent(2 * MiB, out PooledBuffer? a));
        Assert.Equal(RentStatus.Ok, pool.TryRent(2 * MiB, out PooledBuffer? b));

        Assert.Equal(RentStatus.Exhausted, pool.TryRent(1 * MiB, out _));
        Assert.True(a!.IsRented && b!.IsRented);
        Assert.NotEqual(0, a.Pointer);
        pool.Return(a);
        pool.Return(b);
    }

    [Fact]
    public void A_rental_refused_because_rented_buffers_fill_the_budget_keeps_the_free_buffers()
    {
        using var pool = new BufferPool(4 * MiB);
        pool.TryRent(2 * MiB, out PooledBuffer? held);
        pool.TryRent(1 * MiB, out PooledBuffer? spare);
        pool.Return(spare!);

        // 4 MiB cannot fit beside the 2 MiB rented whatever is evicted: dropping the free 1 MiB would gain nothing.
        Assert.Equal(RentStatus.Exhausted, pool.TryRent(3 * MiB, out _));

        Assert.Equal(new PoolMetrics(2 * MiB, 1 * MiB, 4 * MiB, 0, 2, 0), pool.Metrics);
        Assert.Equal(RentStatus.Ok, pool.TryRent(1 * MiB, out PooledBuffer? again));
        Assert.Equal(1, pool.Metrics.Hits);
        pool.Return(again!);
        pool.Return(held!);
    }

    [Fact]
    public void A_miss_evicts_the_least_recently_used_free_buffer_first()
    {
        using var pool = new BufferPool(3 * MiB);
        pool.TryRent(1 * MiB, out PooledBuffer? older);
        pool.TryRent(1 * MiB / 2, out PooledBuffer? newer);
        pool.Return(older!);
        pool.Return(newer!);

        // 2 MiB more needs 1 MiB freed: the older buffer goes, the newer one stays.
        pool.TryRent(2 * MiB, out PooledBuffer? big);

        Assert.Equal(1 * MiB / 2, pool.BytesFree);
        Assert.Equal(1, pool.Metrics.Evictions);
        pool.Return(big!);
    }

    [Fact]
    public void Trim_drops_only_free_buffers_down_to_the_target()
    {
        using var pool = new BufferPool(16 * MiB);
        pool.TryRent(4 * MiB, out PooledBuffer? held);
        var free = Enumerable.Range(0, 3).Select(_ => { pool.TryRent(2 * MiB, out PooledBuffer? b); return b!; }).ToList();
        free.ForEach(pool.Return);

        long freed = pool.Trim(6 * MiB);

        Assert.Equal(4 * MiB, freed);
        Assert.Equal(4 * MiB, pool.BytesInUse);
        Assert.Equal(2 * MiB, pool.BytesFree);
        Assert.True(held!.IsRented);

        Assert.Equal(2 * MiB, pool.Trim(0));
        Assert.Equal(4 * MiB, pool.BytesInUse);
        pool.Return(held);
    }

    [Fact]
    public void Returning_a_buffer_twice_is_a_bug_and_throws()
    {
        using var pool = new BufferPool(1 * MiB);
        pool.TryRent(10, out PooledBuffer? b);
        pool.Return(b!);

        Assert.Throws<InvalidOperationException>(() => pool.Return(b!));
    }

    [Fact]
    public void Under_random_rent_and_return_with_a_pressure_limit_the_pool_stays_in_budget_never_evicts_a_rented_buffer_and_regrows_after()
    {
        const long Budget = 24 * MiB;
        using var pool = new BufferPool(Budget);
        var failures = new List<string>();
        long refused = 0;

        void Worker(int seed, int steps, long? limitDuring)
        {
            var random = new Random(seed);
            var held = new List<(PooledBuffer Buffer, byte Mark)>();
            for (int i = 0; i < steps; i++)
            {
                if (held.Count > 0 && (held.Count >= 4 || random.Next(2) == 0))
                {
                    int k = random.Next(held.Count);
                    (PooledBuffer buffer, byte mark) = held[k];
                    held.RemoveAt(k);

                    // Still ours: rented, and nobody (no eviction, no other renter) touched its bytes.
                    if (!buffer.IsRented || buffer.Pointer == 0 || buffer.Bytes.IndexOfAnyExcept(mark) >= 0)
                    {
                        lock (failures)
                        {
                            failures.Add($"rented buffer changed under its renter at step {i}");
                        }
                    }

                    pool.Return(buffer);
                }
                else
                {
                    long size = random.Next(1, 3 * (int)MiB);
                    RentStatus status = pool.TryRent(size, out PooledBuffer? buffer);
                    if (status == RentStatus.Ok)
                    {
                        byte mark = (byte)random.Next(1, 255);
                        buffer!.Bytes.Fill(mark);
                        held.Add((buffer, mark));
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                }

                long total = pool.BytesInUse + pool.BytesFree;
                if (total > Budget)
                {
                    lock (failures)
                    {
                        failures.Add($"pool held {total} bytes, over its budget of {Budget}");
                    }
                }
            }

            held.ForEach(h => pool.Return(h.Buffer));
        }

        Parallel.For(0, 4, t => Worker(t, 1500, null));
        long workingSize = pool.BytesFree;
        Assert.True(workingSize > 8 * MiB, $"working size {workingSize}");

        pool.SetPressureLimit(4 * MiB);
        Assert.True(pool.BytesFree <= 4 * MiB);
        Parallel.For(0, 4, t => Worker(100 + t, 1500, 4 * MiB));
        Assert.True(pool.BytesInUse + pool.BytesFree <= 4 * MiB, $"{pool.BytesFree} free after pressure");

        pool.SetPressureLimit(null);
        Parallel.For(0, 4, t => Worker(200 + t, 1500, null));

        Assert.Empty(failures);
        Assert.Equal(0, pool.BytesInUse);
        Assert.True(pool.BytesFree > 8 * MiB, $"pool did not regrow after the limit was lifted: {pool.BytesFree} free");
        PoolMetrics metrics = pool.Metrics;
        Assert.True(metrics.Hits > metrics.Misses, $"{metrics}");
    }
}
