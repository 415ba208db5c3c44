using PiTune.Linux.Fan;
using PiTune.Linux.Tests.Tuning;
using PiTune.Linux.Tuning;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Fan;

public sealed class ZoneTakeoverTests : IDisposable
{
    private readonly LedgerTestBed _bed = new();

    [Fact]
    public void Taking_the_zone_over_sets_user_space_through_the_ledger_and_restore_gives_it_back_to_step_wise()
    {
        var machine = LinuxMachine.Discover(_bed.Files);
        TuningLedger ledger = _bed.Open();

        Assert.Null(ZoneTakeover.TakeOver(machine.CpuZone!, _bed.Files, ledger));
        Assert.Equal("user_space", _bed.Text(LedgerTestBed.ZonePolicy).Trim());
        Assert.Equal("enabled", _bed.Text(Pi5Layout.Zone + "/mode").Trim());

        ledger.RestoreAll();
        Assert.Equal("step_wise", _bed.Text(LedgerTestBed.ZonePolicy).Trim());
    }

    [Fact]
    public void A_kernel_without_user_space_is_left_alone_with_the_reason()
    {
        File.WriteAllText(_bed.FullPath(Pi5Layout.Zone + "/available_policies"), "step_wise power_allocator\n");
        var machine = LinuxMachine.Discover(_bed.Files);
        TuningLedger ledger = _bed.Open();

        string? reason = ZoneTakeover.TakeOver(machine.CpuZone!, _bed.Files, ledger);

        Assert.NotNull(reason);
        Assert.Contains("does not offer the user_space", reason, StringComparison.Ordinal);
        Assert.Contains("step_wise power_allocator", reason, StringComparison.Ordinal);
        Assert.Equal("step_wise", _bed.Text(LedgerTestBed.ZonePolicy).Trim());
        Assert.Empty(ledger.Entries);
    }

    public void Dispose() => _bed.Dispose();
}
