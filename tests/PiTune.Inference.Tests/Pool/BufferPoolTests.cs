using System.Collections.Concurrent;
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
    public void Under_four_concurrent_renters_with_a_pressure_limit_every_accounting_check_holds_and_no_rented_buffer_is_touched()
    {
        using var pool = new BufferPool(24 * MiB);
        var failures = new ConcurrentQueue<string>();

        // Which renter runs when is up to the scheduler here: only what holds in every interleaving is asserted.
        void Phase(int seedBase)
        {
            using var start = new Barrier(4);
            Thread[] threads = [.. Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                var renter = new PoolRenter(pool, seedBase + t);
                start.SignalAndWait();
                for (int i = 0; i < 1500; i++)
                {
                    renter.Step(failures);
                }

                renter.ReturnAll();
            }))];
            Array.ForEach(threads, t => t.Start());
            Array.ForEach(threads, t => t.Join());
        }

        Phase(0);
        Assert.Equal(0, pool.Metrics.BytesInUse);

        pool.SetPressureLimit(4 * MiB);
        Assert.True(pool.BytesFree <= 4 * MiB, $"{pool.BytesFree} free after the limit");
        Phase(100);
        PoolMetrics pressed = pool.Metrics;
        Assert.True(pressed.BytesInUse == 0 && pressed.BytesFree <= 4 * MiB, $"{pressed}");

        pool.SetPressureLimit(null);
        Phase(200);

        Assert.Empty(failures);
        Assert.Null(pool.CheckAccounting());
        Assert.Equal(0, pool.Metrics.BytesInUse);
    }

    [Fact]
    public void On_a_seeded_interleaving_of_four_renters_the_pool_reuses_buffers_keeps_a_pressure_limit_and_regrows_after()
    {
        using var pool = new BufferPool(24 * MiB);
        var failures = new ConcurrentQueue<string>();

        // The interleaving comes from a seed, not the scheduler, so the working size and hit counts are always the same.
        var schedule = new Random(7);
        void Phase(int seedBase)
        {
            PoolRenter[] renters = [.. Enumerable.Range(0, 4).Select(t => new PoolRenter(pool, seedBase + t))];
            for (int i = 0; i < 4 * 1500; i++)
            {
                renters[schedule.Next(renters.Length)].Step(failures);
            }

            Array.ForEach(renters, r => r.ReturnAll());
        }

        Phase(0);
        PoolMetrics warm = pool.Metrics;
        Assert.True(warm.BytesFree > 8 * MiB, $"working size {warm}");
        Assert.True(warm.Hits > warm.Misses, $"{warm}");

        pool.SetPressureLimit(4 * MiB);
        Assert.True(pool.BytesFree <= 4 * MiB, $"{pool.BytesFree} free after the limit");
        Phase(100);
        PoolMetrics pressed = pool.Metrics;
        Assert.True(pressed.BytesInUse == 0 && pressed.BytesFree <= 4 * MiB, $"{pressed}");

        pool.SetPressureLimit(null);
        Phase(200);

        Assert.Empty(failures);
        Assert.Equal(0, pool.BytesInUse);
        Assert.True(pool.BytesFree > 8 * MiB, $"pool did not regrow after the limit was lifted: {pool.BytesFree} free");
    }
}
