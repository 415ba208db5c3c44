using PiTune.Core.Memory;
using PiTune.Core.Platform;

namespace PiTune.Core.Tests.Memory;

public sealed class SwapPolicyTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly SwapEntry File = new("/var/swap", "file", 512 * MiB, 100 * MiB, -2);
    private static readonly SwapEntry Zram = new("/dev/zram0", "partition", 1024 * MiB, 50 * MiB, 100);

    private static SwapInput Input(int second = 0, bool? active = true, long? availableMb = 4096, IReadOnlyList<SwapEntry>? listed = null, int held = 0, bool busy = false) =>
        new(T0.AddSeconds(second), active, availableMb * MiB, listed ?? [File, Zram], held, busy);

    private static MemoryOptions Options(SwapOffMode mode) => new() { DisableSwap = mode, SwapOffHeadroomMB = 256 };

    [Fact]
    public void Never_leaves_swap_alone_even_during_inference()
    {
        (SwapDecision d, _) = SwapPolicy.Decide(Input(), Options(SwapOffMode.Never), SwapTracking.Initial);

        Assert.Equal(SwapAction.None, d.Action);
        Assert.False(d.WantOff);
    }

    [Fact]
    public void During_inference_swap_goes_off_lowest_priority_first_when_safe()
    {
        (SwapDecision d, _) = SwapPolicy.Decide(Input(), Options(SwapOffMode.DuringInference), SwapTracking.Initial);

        Assert.Equal(SwapAction.TurnOff, d.Action);
        Assert.Equal(["/var/swap", "/dev/zram0"], d.Entries.Select(e => e.Filename));
        Assert.Contains("MemAvailable 4096 MiB vs swap in use 150 MiB + headroom 256 MiB = 406 MiB", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Swap_off_is_skipped_when_MemAvailable_does_not_exceed_swap_in_use_plus_headroom_and_the_reason_gives_the_figures()
    {
        (SwapDecision d, _) = SwapPolicy.Decide(Input(availableMb: 406), Options(SwapOffMode.Always), SwapTracking.Initial);

        Assert.Equal(SwapAction.Unsafe, d.Action);
        Assert.True(d.WantOff);
        Assert.Equal("Memory:DisableSwap is Always, but MemAvailable 406 MiB vs swap in use 150 MiB + headroom 256 MiB = 406 MiB: not enough room for the swapped pages", d.Reason);
    }

    [Fact]
    public void Unknown_MemAvailable_is_never_taken_as_safe()
    {
        (SwapDecision d, _) = SwapPolicy.Decide(Input(availableMb: null), Options(SwapOffMode.Always), SwapTracking.Initial);

        Assert.Equal(SwapAction.Unsafe, d.Action);
    }

    [Fact]
    public void Swap_comes_back_on_only_after_the_idle_grace()
    {
        MemoryOptions o = Options(SwapOffMode.DuringInference);
        o.SwapOnIdleGrace = TimeSpan.FromSeconds(30);
        (_, SwapTracking s) = SwapPolicy.Decide(Input(0, active: true), o, SwapTracking.Initial);

        (SwapDecision early, s) = SwapPolicy.Decide(Input(29, active: false, listed: [], held: 2), o, s);
        (SwapDecision late, _) = SwapPolicy.Decide(Input(30, active: false, listed: [], held: 2), o, s);

        Assert.Equal(SwapAction.None, early.Action);
        Assert.Equal(SwapAction.TurnOn, late.Action);
    }

    [Fact]
    public void Without_an_inference_signal_during_inference_never_turns_swap_off()
    {
        (SwapDecision d, _) = SwapPolicy.Decide(Input(active: null), Options(SwapOffMode.DuringInference), SwapTracking.Initial);

        Assert.Equal(SwapAction.None, d.Action);
    }

    [Fact]
    public void A_running_round_or_a_recent_failure_holds_every_action()
    {
        MemoryOptions o = Options(SwapOffMode.Always);
        (SwapDecision busy, _) = SwapPolicy.Decide(Input(busy: true), o, SwapTracking.Initial);
        var failed = new SwapTracking(null, T0);
        (SwapDecision waiting, _) = SwapPolicy.Decide(Input(59), o, failed);
        (SwapDecision retry, _) = SwapPolicy.Decide(Input(60), o, failed);

        Assert.Equal(SwapAction.None, busy.Action);
        Assert.Equal(SwapAction.None, waiting.Action);
        Assert.Equal(SwapAction.TurnOff, retry.Action);
    }

    [Fact]
    public void Disabling_the_job_turns_held_swap_back_on()
    {
        MemoryOptions o = Options(SwapOffMode.Always);
        o.Enabled = false;

        (SwapDecision d, _) = SwapPolicy.Decide(Input(listed: [], held: 1), o, SwapTracking.Initial);

        Assert.Equal(SwapAction.TurnOn, d.Action);
        Assert.Equal("the memory job is disabled", d.Reason);
    }
}
