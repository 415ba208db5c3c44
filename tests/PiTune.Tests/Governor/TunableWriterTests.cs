namespace PiTune.Tests.Governor;

/// <summary>What the governor job says about a tunable it cannot write (a read-only mount): only what is true.</summary>
public sealed class TunableWriterTests : IDisposable
{
    private readonly GovernorBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task A_read_only_governor_that_happens_to_hold_the_wanted_value_is_not_said_to_be_settable_again()
    {
        _bed.Files.ReadOnly.Add(GovernorBed.Governor);
        await _bed.StartAsync();

        _bed.SetActive(true);  // wants performance: the write fails
        _bed.SetActive(false);
        _bed.Tick(after: TimeSpan.FromMinutes(1)); // past the idle grace: wants ondemand, which the file never stopped holding

        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
        Assert.Equal(1, _bed.Count(4004));
        Assert.Equal(0, _bed.Count(4006));
    }

    [Fact]
    public async Task A_read_only_governor_leaves_nothing_in_the_ledger_to_restore_at_stop()
    {
        _bed.Files.ReadOnly.Add(GovernorBed.Governor);
        await _bed.StartAsync();
        _bed.SetActive(true);

        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
        Assert.DoesNotContain(_bed.Ledger.Entries, e => e.RelativePath == GovernorBed.Governor);
        Assert.All(_bed.Ledger.RestoreAll(), r => Assert.True(r.IsOk, r.Describe()));
    }

    [Fact]
    public async Task A_governor_write_that_works_again_is_said_to_work_again()
    {
        _bed.Files.ReadOnly.Add(GovernorBed.Governor);
        await _bed.StartAsync();
        _bed.SetActive(true);
        _bed.SetActive(false);
        _bed.Tick(after: TimeSpan.FromMinutes(1));

        _bed.Files.ReadOnly.Clear();
        _bed.SetActive(true);

        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
        Assert.Equal(1, _bed.Count(4006));
    }
}
