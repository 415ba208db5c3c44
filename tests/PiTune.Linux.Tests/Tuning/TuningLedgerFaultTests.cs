using Microsoft.Extensions.Logging;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using static PiTune.Linux.Tests.Tuning.LedgerTestBed;

namespace PiTune.Linux.Tests.Tuning;

/// <summary>
/// The ledger under a fault that lasts (a state directory that cannot be written, a file that cannot be read or
/// written): said once, then a summary every 10 minutes, and its recovery; and never a claim of a change that
/// did not happen.
/// </summary>
public sealed class TuningLedgerFaultTests : IDisposable
{
    private readonly LedgerTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private string BlockStateDirectory()
    {
        string notADirectory = Path.Join(_bed.Path, "state-file");
        File.WriteAllText(notADirectory, "x");
        return notADirectory;
    }

    [Fact]
    public void A_ledger_that_cannot_be_saved_is_said_once_without_a_stack_not_at_every_write()
    {
        var ledger = _bed.Open(BlockStateDirectory());

        for (int tick = 0; tick < 20; tick++)
        {
            Assert.False(ledger.Write(new Tunable(Governor), "performance").IsOk);
            Assert.False(ledger.Write(new Tunable(Swappiness), "10").IsOk);
            _bed.Time.Advance(TimeSpan.FromSeconds(1));
        }

        LogLine line = Assert.Single(_bed.Logger.WithId(207));
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Null(line.Exception);
        Assert.StartsWith($"Not changing {Governor}: its original could not be recorded in {_bed.Path}/state-file/ledger.json (", line.Message, StringComparison.Ordinal);
        Assert.EndsWith("); no setting is changed until it can be", line.Message, StringComparison.Ordinal);
        Assert.Empty(_bed.Logger.WithId(214));
        Assert.Equal("ondemand\n", _bed.Text(Governor));
    }

    [Fact]
    public void A_ledger_that_still_cannot_be_saved_gets_a_summary_every_10_minutes_and_its_recovery_is_said()
    {
        string state = BlockStateDirectory();
        var ledger = _bed.Open(state);
        ledger.Write(new Tunable(Governor), "performance");
        for (int tick = 0; tick < 10 * 60; tick++)
        {
            _bed.Time.Advance(TimeSpan.FromSeconds(1));
            ledger.Write(new Tunable(Governor), "performance");
        }

        LogLine summary = Assert.Single(_bed.Logger.WithId(214));
        Assert.StartsWith($"Still cannot record originals in {state}/ledger.json: 601 change(s) refused over 00:10:00 (", summary.Message, StringComparison.Ordinal);

        File.Delete(state);
        Directory.CreateDirectory(state);
        Assert.True(ledger.Write(new Tunable(Governor), "performance").IsOk);

        LogLine recovered = Assert.Single(_bed.Logger.WithId(215));
        Assert.Equal($"The ledger {state}/ledger.json can be written again; changes go ahead (601 refused over 00:10:00)", recovered.Message);
        Assert.Equal([(Governor, "ondemand")], _bed.LedgerOnDisk(Path.Join(state, "ledger.json")));
    }

    [Fact]
    public void An_original_that_cannot_be_read_is_said_once_per_path()
    {
        _bed.Files.FailReads.Add(Governor);
        var ledger = _bed.Open();

        for (int tick = 0; tick < 20; tick++)
        {
            ledger.Write(new Tunable(Governor), "performance");
            _bed.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Single(_bed.Logger.WithId(206));
        Assert.Equal("ondemand\n", _bed.Text(Governor));
    }

    [Fact]
    public void A_write_that_failed_and_left_the_original_in_place_leaves_no_entry_and_nothing_to_restore()
    {
        var ledger = _bed.Open();
        _bed.Files.FailWrites.Add(Governor);

        Assert.False(ledger.Write(new Tunable(Governor), "performance").IsOk);

        Assert.Empty(ledger.Entries);
        Assert.Empty(_bed.LedgerOnDisk());
        Assert.Empty(ledger.RestoreAll());
        Assert.Empty(_bed.Logger.WithId(203));
        Assert.Equal("ondemand\n", _bed.Text(Governor));
    }

    [Fact]
    public void A_failed_write_that_changed_the_file_keeps_its_entry_so_the_original_is_put_back()
    {
        var ledger = _bed.Open();
        _bed.Files.FailWrites.Add(Governor);
        _bed.Files.BeforeWrite = path => File.WriteAllText(_bed.FullPath(path), ""); // truncated, then the write failed

        Assert.False(ledger.Write(new Tunable(Governor), "performance").IsOk);
        Assert.Equal([(Governor, "ondemand")], _bed.LedgerOnDisk());

        _bed.Files.BeforeWrite = null;
        _bed.Files.FailWrites.Clear();
        Assert.All(ledger.RestoreAll(), r => Assert.True(r.IsOk));
        Assert.Equal("ondemand\n", _bed.Text(Governor));
    }

    [Fact]
    public void A_failed_write_to_a_tunable_changed_before_keeps_its_entry()
    {
        var ledger = _bed.Open();
        Assert.True(ledger.Write(new Tunable(Governor), "performance").IsOk);
        _bed.Files.FailWrites.Add(Governor);

        Assert.False(ledger.Write(new Tunable(Governor), "powersave").IsOk);

        Assert.Equal([(Governor, "ondemand")], _bed.LedgerOnDisk());
    }

    [Fact]
    public void A_directory_in_place_of_the_ledger_is_said_once_without_a_stack_left_alone_and_every_change_refused()
    {
        Directory.CreateDirectory(_bed.LedgerFile);

        var ledger = _bed.Open();
        for (int tick = 0; tick < 5; tick++)
        {
            Assert.False(ledger.Write(new Tunable(Governor), "performance").IsOk);
        }

        LogLine unreadable = Assert.Single(_bed.Logger.Lines, l => l.Level >= LogLevel.Error && l.Id != 207);
        Assert.Equal(217, unreadable.Id);
        Assert.Equal($"The ledger {_bed.LedgerFile} cannot be read (it is a directory, not a file); left as it is and nothing restored from it. No setting is changed until it can be written", unreadable.Message);
        Assert.Null(Assert.Single(_bed.Logger.WithId(207)).Exception);
        Assert.True(Directory.Exists(_bed.LedgerFile));
        Assert.Equal("ondemand\n", _bed.Text(Governor));
    }
}
