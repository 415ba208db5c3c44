using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Platform;
using PiTune.Linux.Memory;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests.Memory;

public sealed class SwapSwitcherTests : IDisposable
{
    private static readonly SwapEntry File1 = new("/var/swap", "file", 100 << 20, 10 << 20, -2);
    private static readonly SwapEntry Zram = new("/dev/zram0", "partition", 200 << 20, 0, 100);
    private readonly TempRoot _state = TempRoot.Empty();
    private readonly FakeSwapControl _control = new();

    public void Dispose() => _state.Dispose();

    private SwapSwitcher Switcher(string root = "/") => new(_control, _state.Path, root, new FakeTimeProvider());

    private string RecordPath => Path.Join(_state.Path, "swap.json");

    [Fact]
    public void Each_area_is_recorded_durably_before_its_swapoff_and_forgotten_once_it_is_on_again()
    {
        SwapSwitcher switcher = Switcher();

        SwapBatchResult off = switcher.TurnOff([File1, Zram]);

        Assert.True(off.AllOk);
        Assert.Equal(["off /var/swap", "off /dev/zram0"], _control.Calls);
        string record = File.ReadAllText(RecordPath);
        Assert.Contains("\"/dev/zram0\"", record, StringComparison.Ordinal);
        Assert.Contains("\"priority\": 100", record, StringComparison.Ordinal);

        SwapBatchResult on = switcher.TurnOn(final: false);

        Assert.True(on.AllOk);
        Assert.Equal(["off /var/swap", "off /dev/zram0", "on /dev/zram0 100", "on /var/swap -2"], _control.Calls);
        Assert.False(File.Exists(RecordPath));
        Assert.Empty(switcher.HeldOff);
    }

    [Fact]
    public void A_failed_swapoff_turns_back_on_what_the_round_turned_off_so_swap_is_as_it_was()
    {
        _control.FailOff["/dev/zram0"] = SwapCallResult.ENOMEM;
        SwapSwitcher switcher = Switcher();

        SwapBatchResult result = switcher.TurnOff([File1, Zram]);

        Assert.False(result.AllOk);
        Assert.Equal(["off /var/swap", "off /dev/zram0", "on /var/swap -2"], _control.Calls);
        Assert.Equal(SwapCallResult.ENOMEM, result.Outcomes[1].Result.Errno);
        Assert.Empty(switcher.HeldOff);
        Assert.False(File.Exists(RecordPath));
    }

    [Fact]
    public void After_a_crash_the_next_start_turns_recorded_areas_on_again_with_their_priority()
    {
        Switcher().TurnOff([File1, Zram]);
        _control.Calls.Clear();

        // A new process: the held list is gone, only swap.json remains. /var/swap was turned on by hand meanwhile.
        SwapBatchResult result = Switcher().RestoreLeftovers([File1], out string? problem);

        Assert.Null(problem);
        Assert.Equal(["on /dev/zram0 100"], _control.Calls);
        Assert.True(result.AllOk);
        Assert.False(File.Exists(RecordPath));
    }

    [Fact]
    public void A_record_for_another_root_is_set_aside_and_nothing_is_turned_on()
    {
        Switcher("/some/test/tree").TurnOff([Zram]);
        _control.Calls.Clear();

        SwapBatchResult result = Switcher().RestoreLeftovers([], out string? problem);

        Assert.Empty(result.Outcomes);
        Assert.Empty(_control.Calls);
        Assert.Contains("written for root /some/test/tree", problem, StringComparison.Ordinal);
        Assert.False(File.Exists(RecordPath));
        Assert.Single(Directory.GetFiles(_state.Path, "swap.json.unusable-*"));
    }

    [Fact]
    public void A_corrupt_record_is_set_aside_with_the_reason()
    {
        File.WriteAllText(RecordPath, "{ not json");

        Switcher().RestoreLeftovers([], out string? problem);

        Assert.Contains("is not usable", problem, StringComparison.Ordinal);
        Assert.Empty(_control.Calls);
    }

    [Fact]
    public void At_stop_an_area_that_will_not_come_back_is_given_up_but_one_that_is_already_on_counts_as_on()
    {
        SwapSwitcher switcher = Switcher();
        switcher.TurnOff([File1, Zram]);
        _control.FailOn["/var/swap"] = SwapCallResult.ENOENT;
        _control.FailOn["/dev/zram0"] = SwapCallResult.EBUSY;

        SwapBatchResult kept = switcher.TurnOn(final: false);
        Assert.Equal(["/var/swap"], switcher.HeldOff.Select(e => e.Filename));
        Assert.False(kept.AllOk);

        switcher.TurnOn(final: true);
        Assert.Empty(switcher.HeldOff);
        Assert.False(File.Exists(RecordPath));
    }

    [Fact]
    public void The_record_is_plain_json_an_admin_can_read()
    {
        Switcher().TurnOff([Zram]);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(RecordPath));
        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("/", doc.RootElement.GetProperty("root").GetString());
        Assert.Equal("/dev/zram0", doc.RootElement.GetProperty("entries")[0].GetProperty("filename").GetString());
    }
}
