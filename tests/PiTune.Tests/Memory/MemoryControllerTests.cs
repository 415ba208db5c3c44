using PiTune.Core.Memory;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Linux.Memory;
using PiTune.Memory;

namespace PiTune.Tests.Memory;

public sealed class MemoryControllerTests
{
    private static MemoryOptions Options(Action<MemoryOptions>? change = null)
    {
        var options = new MemoryOptions();
        change?.Invoke(options);
        return options;
    }

    [Fact]
    public void Tunables_are_written_through_the_ledger_and_restored_byte_for_byte()
    {
        using var bed = new MemoryBed(Options(o => o.Sysctl["dirty_ratio"] = 15));
        byte[][] before = [.. new[] { "swappiness", "vfs_cache_pressure", "dirty_ratio" }.Select(k => File.ReadAllBytes(Path.Join(bed.Root, "proc/sys/vm", k)))];

        bed.Create().Start();

        Assert.Equal("10", bed.Read("proc/sys/vm/swappiness"));
        Assert.Equal("50", bed.Read("proc/sys/vm/vfs_cache_pressure"));
        Assert.Equal("15", bed.Read("proc/sys/vm/dirty_ratio"));
        Assert.Equal(3, bed.Ledger.Entries.Count);
        Assert.Contains("vm.swappiness set to 10 (was 60)", bed.Message(1604), StringComparison.Ordinal);

        bed.Ledger.RestoreAll();

        byte[][] after = [.. new[] { "swappiness", "vfs_cache_pressure", "dirty_ratio" }.Select(k => File.ReadAllBytes(Path.Join(bed.Root, "proc/sys/vm", k)))];
        Assert.Equal(before, after);
    }

    [Fact]
    public void A_tunable_already_at_the_wanted_value_is_not_written()
    {
        using var bed = new MemoryBed(Options(o => o.Swappiness = 60));

        bed.Create().Start();

        Assert.DoesNotContain(bed.Ledger.Entries, e => e.RelativePath.EndsWith("swappiness", StringComparison.Ordinal));
        Assert.Equal(1, bed.Count(1605));
    }

    [Fact]
    public void A_reload_that_drops_a_key_puts_its_original_back_and_a_changed_value_is_written()
    {
        using var bed = new MemoryBed(Options(o => o.Sysctl["dirty_ratio"] = 15));
        MemoryController controller = bed.Create();
        controller.Start();

        bed.Options.Set(Options(o => o.Swappiness = 20));
        controller.OnSnapshot(bed.Snapshot());

        Assert.Equal("20", bed.Read("proc/sys/vm/swappiness"));
        Assert.Equal("20\n", File.ReadAllText(Path.Join(bed.Root, "proc/sys/vm/dirty_ratio")));
        Assert.Contains("vm.dirty_ratio no longer configured: original value put back", bed.Message(1607), StringComparison.Ordinal);
        bed.Ledger.RestoreAll();
        Assert.Equal("60\n", bed.Read("proc/sys/vm/swappiness"));
    }

    [Fact]
    public void A_root_without_vm_sysctls_says_so_once_and_carries_on()
    {
        using var bed = new MemoryBed(pi5: false);
        MemoryController controller = bed.Create();

        controller.Start();
        controller.OnSnapshot(bed.Snapshot());

        Assert.Equal(1, bed.Count(1608));
        Assert.Empty(bed.Ledger.Entries);
    }

    [Fact]
    public void Without_a_pool_or_batcher_the_job_says_once_that_trimming_is_inactive()
    {
        using var bed = new MemoryBed();
        MemoryController controller = bed.Create();

        controller.Start();
        controller.OnSnapshot(bed.Snapshot(psi: 50));

        Assert.Equal(1, bed.Count(1601));
        Assert.Equal(1, bed.Count(1602));
        Assert.Equal(1, bed.Count(1611));
        Assert.Equal(MemoryPressureState.High, bed.Contributor.State);
    }

    [Fact]
    public void Pressure_transitions_with_hysteresis_trim_the_pool_and_release_it_exactly_once_each_logged_once()
    {
        using var bed = new MemoryBed(Options(o => { o.TrimTargetPercent = 25; o.PressureMaxBatchSize = 2; o.PressureReleaseAfter = TimeSpan.FromSeconds(10); }));
        var pool = new FakeBufferPool();
        var batcher = new FakeBatcher();
        MemoryController controller = bed.Create(pool, batcher);
        controller.Start();

        // Calm, then PSI flickering around both marks for a minute, then calm long enough to release.
        double[] trace = [.. Enumerable.Repeat(1.0, 5), .. Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? 12.0 : i % 3 == 1 ? 4.0 : 7.0), .. Enumerable.Repeat(1.0, 15)];
        var states = new List<MemoryPressureState>();
        foreach (double psi in trace)
        {
            controller.OnSnapshot(bed.Snapshot(psi));
            states.Add(bed.Contributor.State);
            bed.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([25L << 20, null], pool.Limits);
        Assert.Equal([2, null], batcher.Limits);
        Assert.Equal(1, bed.Count(1610));
        Assert.Equal(1, bed.Count(1612));
        Assert.Contains("buffer pool held to 26214400 bytes (25 % of its budget; 57671680 bytes freed now), batches capped at 2", bed.Message(1610), StringComparison.Ordinal);
        Assert.Equal(MemoryPressureState.Normal, states[^1]);
        Assert.Equal(MemoryPressureState.High, states[5]);
    }

    [Fact]
    public void The_snapshot_carries_the_pressure_state()
    {
        using var bed = new MemoryBed();
        MemoryController controller = bed.Create();
        controller.OnSnapshot(bed.Snapshot(psi: 30));
        var draft = new ResourceMetricsDraft { Memory = new MemoryMetrics(50, 1, 1, 0, 30, 0) };

        bed.Contributor.Contribute(draft);

        Assert.Equal(MemoryPressureState.High, draft.Memory.PressureState);
        Assert.Equal(30, draft.Memory.PressureSomeAvg10);
    }

    [Fact]
    public async Task Stopping_under_pressure_lifts_the_limits()
    {
        using var bed = new MemoryBed();
        var pool = new FakeBufferPool();
        MemoryController controller = bed.Create(pool);
        controller.OnSnapshot(bed.Snapshot(psi: 30));

        await controller.StopAsync(CancellationToken.None);

        Assert.Equal([50L << 20, null], pool.Limits);
    }

    [Fact]
    public void Swap_off_is_skipped_when_MemAvailable_is_too_low_and_the_log_says_the_figures_once()
    {
        using var bed = new MemoryBed(Options(o => o.DisableSwap = SwapOffMode.Always));
        MemoryController controller = bed.Create();
        controller.Start();

        for (int i = 0; i < 5; i++)
        {
            controller.OnSnapshot(bed.Snapshot(availableMb: 200));
            bed.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, bed.Count(1620));
        Assert.Equal(
            "Swap-off skipped: Memory:DisableSwap is Always, but MemAvailable 200 MiB vs swap in use 0 MiB + headroom 256 MiB = 256 MiB: not enough room for the swapped pages; checked again each tick",
            bed.Message(1620));
        Assert.Single(bed.Swaps());
        Assert.Equal(0, bed.Count(1621));
    }

    [Fact]
    public async Task During_inference_swap_goes_off_and_comes_back_with_its_priority_after_the_idle_grace()
    {
        using var bed = new MemoryBed(Options(o => { o.DisableSwap = SwapOffMode.DuringInference; o.SwapOnIdleGrace = TimeSpan.FromSeconds(30); }));
        var activity = new FakeActivity { IsActive = true };
        MemoryController controller = bed.Create(activity: activity);
        controller.Start();

        controller.OnSnapshot(bed.Snapshot());
        await controller.SwapRoundTask;
        controller.OnSnapshot(bed.Snapshot());
        Assert.Empty(bed.Swaps());
        Assert.Equal(1, bed.Count(1623));

        activity.IsActive = false;
        bed.Time.Advance(TimeSpan.FromSeconds(29));
        controller.OnSnapshot(bed.Snapshot());
        Assert.Empty(bed.Swaps());

        bed.Time.Advance(TimeSpan.FromSeconds(1));
        controller.OnSnapshot(bed.Snapshot());
        await controller.SwapRoundTask;
        controller.OnSnapshot(bed.Snapshot());

        SwapEntry back = Assert.Single(bed.Swaps());
        Assert.Equal(("/var/swap", -2), (back.Filename, back.Priority));
        Assert.Equal(1, bed.Count(1625));
        Assert.False(File.Exists(Path.Join(bed.StateDirectory, "swap.json")));
    }

    [Fact]
    public async Task Stopping_turns_swap_back_on()
    {
        using var bed = new MemoryBed(Options(o => o.DisableSwap = SwapOffMode.Always));
        MemoryController controller = bed.Create();
        controller.Start();
        controller.OnSnapshot(bed.Snapshot());
        await controller.SwapRoundTask;
        Assert.Empty(bed.Swaps());

        await controller.StopAsync(CancellationToken.None);

        Assert.Single(bed.Swaps());
    }

    [Fact]
    public async Task After_a_crash_with_swap_off_the_next_start_turns_it_on_again_with_the_original_priority()
    {
        using var bed = new MemoryBed(Options(o => o.DisableSwap = SwapOffMode.Always));
        MemoryController crashed = bed.Create();
        crashed.Start();
        crashed.OnSnapshot(bed.Snapshot());
        await crashed.SwapRoundTask;
        Assert.Empty(bed.Swaps());

        // No StopAsync: the process died. The next run (configured to leave swap alone) starts from the record.
        bed.Options.Set(Options());
        bed.Create().Start();

        SwapEntry back = Assert.Single(bed.Swaps());
        Assert.Equal(-2, back.Priority);
        Assert.Contains("An unclean stop left 1 swap area(s) off", bed.Message(1627), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_swapoff_leaves_swap_as_it_was_says_why_and_waits_before_trying_again()
    {
        var control = new RefusingSwapControl();
        using var bed = new MemoryBed(Options(o => { o.DisableSwap = SwapOffMode.Always; o.SwapRetryInterval = TimeSpan.FromMinutes(1); }), swapControl: control);
        MemoryController controller = bed.Create();
        controller.Start();

        controller.OnSnapshot(bed.Snapshot());
        await controller.SwapRoundTask;
        for (int i = 0; i < 10; i++)
        {
            controller.OnSnapshot(bed.Snapshot());
            await controller.SwapRoundTask;
            bed.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(1, control.Attempts);
        Assert.Contains("swapoff /var/swap failed: EBUSY (16): Device or resource busy; swap left as it was", bed.Message(1624), StringComparison.Ordinal);

        bed.Time.Advance(TimeSpan.FromSeconds(10));
        controller.OnSnapshot(bed.Snapshot());
        await controller.SwapRoundTask;
        Assert.Equal(2, control.Attempts);
    }

    private sealed class RefusingSwapControl : ISwapControl
    {
        public int Attempts { get; private set; }

        public bool IsSimulated => true;

        public SwapCallResult SwapOff(string filename)
        {
            Attempts++;
            return new SwapCallResult(SwapCallResult.EBUSY, "Device or resource busy");
        }

        public SwapCallResult SwapOn(SwapEntry entry) => SwapCallResult.Ok;
    }
}
