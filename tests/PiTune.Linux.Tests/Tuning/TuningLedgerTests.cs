using Microsoft.Extensions.Logging;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using static PiTune.Linux.Tests.Tuning.LedgerTestBed;

namespace PiTune.Linux.Tests.Tuning;

public sealed class TuningLedgerTests : IDisposable
{
    private readonly LedgerTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void The_first_write_records_the_original_and_a_second_write_keeps_it()
    {
        var ledger = _bed.Open();

        Assert.True(ledger.Write(new Tunable(Governor), "performance").IsOk);
        Assert.True(ledger.Write(new Tunable(Governor), "powersave").IsOk);

        Assert.Equal("powersave", _bed.Text(Governor));
        LedgerEntry entry = Assert.Single(ledger.Entries);
        Assert.Equal((Governor, "ondemand"), (entry.RelativePath, entry.OriginalValue));
        Assert.Equal(_bed.Time.GetUtcNow(), entry.RecordedAt);
        Assert.Equal([(Governor, "ondemand")], _bed.LedgerOnDisk());
    }

    [Fact]
    public void Writing_the_value_a_file_already_holds_writes_nothing_and_lists_and_restores_nothing()
    {
        var ledger = _bed.Open();
        int writes = 0;
        _bed.Files.BeforeWrite = _ => writes++;

        Assert.True(ledger.Write(new Tunable(Governor), "ondemand").IsOk);

        // The original is on disk already (the governor job primes it so its first real switch pays no fsync)...
        Assert.Equal([(Governor, "ondemand")], _bed.LedgerOnDisk());
        // ...but nothing was written, so nothing is claimed as changed or put back at stop.
        Assert.Empty(ledger.Entries);
        Assert.Empty(ledger.RestoreAll());
        Assert.Equal(0, writes);
        Assert.Empty(_bed.LedgerOnDisk());
    }

    [Fact]
    public void A_real_change_after_a_same_value_write_is_listed_with_the_original_and_restored()
    {
        var ledger = _bed.Open();
        Assert.True(ledger.Write(new Tunable(Governor), "ondemand").IsOk);

        Assert.True(ledger.Write(new Tunable(Governor), "performance").IsOk);

        LedgerEntry entry = Assert.Single(ledger.Entries);
        Assert.Equal((Governor, "ondemand"), (entry.RelativePath, entry.OriginalValue));
        Assert.Single(ledger.RestoreAll());
        Assert.Equal("ondemand", _bed.Text(Governor).Trim());
    }

    [Fact]
    public void The_original_is_on_disk_before_the_new_value_is_written()
    {
        var ledger = _bed.Open();
        IReadOnlyList<(string, string)>? onDiskAtWrite = null;
        _bed.Files.BeforeWrite = _ => onDiskAtWrite = _bed.LedgerOnDisk();

        Assert.True(ledger.Write(new Tunable(Swappiness), "10").IsOk);

        Assert.Equal([(Swappiness, "60")], onDiskAtWrite);
    }

    [Fact]
    public void RestoreAll_puts_every_original_back_byte_for_byte_and_empties_the_ledger()
    {
        string[] paths = [Governor, Swappiness, ZonePolicy, FanPwm];
        Dictionary<string, byte[]> before = paths.ToDictionary(p => p, _bed.Bytes);
        var ledger = _bed.Open();
        Assert.True(ledger.Write(new Tunable(Governor), "performance").IsOk);
        Assert.True(ledger.Write(new Tunable(Swappiness), "10").IsOk);
        Assert.True(ledger.Write(new Tunable(ZonePolicy), "user_space").IsOk);
        Assert.True(ledger.Write(new Tunable(FanPwm), "200").IsOk);
        Assert.NotEqual(before[Governor], _bed.Bytes(Governor));

        IReadOnlyList<WriteResult> results = ledger.RestoreAll();

        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.True(r.IsOk, r.Describe()));
        foreach (string path in paths)
        {
            Assert.Equal(before[path], _bed.Bytes(path));
        }

        Assert.Empty(ledger.Entries);
        Assert.Empty(_bed.LedgerOnDisk());
    }

    [Fact]
    public void RestoreAll_restores_the_newest_change_first()
    {
        var ledger = _bed.Open();
        ledger.Write(new Tunable(ZonePolicy), "user_space");
        ledger.Write(new Tunable(FanPwm), "200");
        ledger.Write(new Tunable(ZonePolicy), "user_space");
        int writesBefore = _bed.Files.Writes.Count;

        ledger.RestoreAll();

        // The fan's pwm goes back while PiTune still holds the zone; then the zone goes back to the kernel.
        Assert.Equal([FanPwm, ZonePolicy], _bed.Files.Writes.Skip(writesBefore));
    }

    [Fact]
    public void Restore_of_one_tunable_restores_only_that_one()
    {
        var ledger = _bed.Open();
        ledger.Write(new Tunable(Governor), "performance");
        ledger.Write(new Tunable(Swappiness), "10");

        WriteResult result = ledger.Restore(new Tunable(Governor));

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal("ondemand\n", _bed.Text(Governor));
        Assert.Equal("10", _bed.Text(Swappiness));
        Assert.Equal([Swappiness], ledger.Entries.Select(e => e.RelativePath));
        Assert.Equal([(Swappiness, "60")], _bed.LedgerOnDisk());
    }

    [Fact]
    public void Restore_of_a_tunable_never_written_changes_nothing()
    {
        var ledger = _bed.Open();

        WriteResult result = ledger.Restore(new Tunable(Governor));

        Assert.True(result.IsOk);
        Assert.Empty(_bed.Files.Writes);
    }

    [Fact]
    public void A_write_is_refused_when_the_original_cannot_be_read_and_the_tunable_is_left_alone()
    {
        var ledger = _bed.Open();
        _bed.Files.FailReads.Add(Governor);

        WriteResult result = ledger.Write(new Tunable(Governor), "performance");

        Assert.False(result.IsOk);
        Assert.Contains("could not be put back", result.Detail, StringComparison.Ordinal);
        Assert.Equal("ondemand\n", _bed.Text(Governor));
        Assert.Empty(ledger.Entries);
        Assert.Empty(_bed.Files.Writes);
        Assert.Contains(_bed.Logger.WithId(206), l => l.Message.Contains(Governor, StringComparison.Ordinal));
    }

    [Fact]
    public void A_write_is_refused_when_the_original_is_an_empty_file()
    {
        File.WriteAllText(_bed.FullPath(Swappiness), "");
        var ledger = _bed.Open();

        WriteResult result = ledger.Write(new Tunable(Swappiness), "10");

        Assert.Equal(ReadStatus.Empty, result.Status);
        Assert.Empty(_bed.Bytes(Swappiness));
        Assert.Empty(ledger.Entries);
    }

    [Fact]
    public void A_write_is_refused_when_the_original_cannot_be_recorded()
    {
        // A state "directory" that is a file: the ledger cannot be saved, so nothing may change.
        string notADirectory = Path.Join(_bed.Path, "state-file");
        File.WriteAllText(notADirectory, "x");
        var ledger = _bed.Open(notADirectory);

        WriteResult result = ledger.Write(new Tunable(Governor), "performance");

        Assert.Equal(ReadStatus.IoError, result.Status);
        Assert.Equal("ondemand\n", _bed.Text(Governor));
        Assert.Empty(ledger.Entries);
        Assert.Single(_bed.Logger.WithId(212));
        Assert.Single(_bed.Logger.WithId(207));
    }

    [Fact]
    public void A_vanished_file_is_dropped_with_a_log_line_and_the_others_are_still_restored()
    {
        var ledger = _bed.Open();
        ledger.Write(new Tunable(Swappiness), "10");
        ledger.Write(new Tunable(FanPwm), "200");
        File.Delete(_bed.FullPath(FanPwm)); // the fan was unplugged

        IReadOnlyList<WriteResult> results = ledger.RestoreAll();

        Assert.Equal([ReadStatus.Missing, ReadStatus.Ok], results.Select(r => r.Status));
        Assert.Equal("60\n", _bed.Text(Swappiness));
        LogLine gone = Assert.Single(_bed.Logger.WithId(202));
        Assert.Equal(LogLevel.Warning, gone.Level);
        Assert.Contains(FanPwm, gone.Message, StringComparison.Ordinal);
        Assert.Empty(ledger.Entries);
        Assert.Empty(_bed.LedgerOnDisk());
    }

    [Fact]
    public void A_setting_RestoreAll_cannot_put_back_is_logged_with_its_original_and_dropped()
    {
        var ledger = _bed.Open();
        ledger.Write(new Tunable(Governor), "performance");
        ledger.Write(new Tunable(Swappiness), "10");
        _bed.Files.FailWrites.Add(Governor);

        IReadOnlyList<WriteResult> results = ledger.RestoreAll();

        Assert.Equal([ReadStatus.Ok, ReadStatus.IoError], results.Select(r => r.Status));
        Assert.Equal("60\n", _bed.Text(Swappiness));
        LogLine error = Assert.Single(_bed.Logger.WithId(203));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains(Governor, error.Message, StringComparison.Ordinal);
        Assert.Contains("\"ondemand\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(ledger.Entries);
        Assert.Empty(_bed.LedgerOnDisk());
    }

    [Fact]
    public void A_setting_Restore_cannot_put_back_stays_in_the_ledger_for_the_stop()
    {
        var ledger = _bed.Open();
        ledger.Write(new Tunable(Governor), "performance");
        _bed.Files.FailWrites.Add(Governor);

        Assert.False(ledger.Restore(new Tunable(Governor)).IsOk);
        Assert.Single(_bed.Logger.WithId(204));
        Assert.Equal([(Governor, "ondemand")], _bed.LedgerOnDisk());

        _bed.Files.FailWrites.Clear();
        Assert.All(ledger.RestoreAll(), r => Assert.True(r.IsOk));
        Assert.Equal("ondemand\n", _bed.Text(Governor));
    }

    [Fact]
    public void Two_spellings_of_one_path_are_one_tunable()
    {
        var ledger = _bed.Open();

        ledger.Write(new Tunable(Governor), "performance");
        ledger.Write(new Tunable("./" + Governor.Replace("/policy0/", "//policy0/", StringComparison.Ordinal)), "powersave");

        LedgerEntry entry = Assert.Single(ledger.Entries);
        Assert.Equal("ondemand", entry.OriginalValue);
        Assert.Equal("powersave", _bed.Text(Governor));
    }

    [Fact]
    public void A_path_that_leaves_the_root_is_refused()
    {
        string outside = Path.Join(_bed.Path, "outside");
        File.WriteAllText(outside, "keep\n");
        var ledger = _bed.Open();

        WriteResult result = ledger.Write(new Tunable("../outside"), "changed");

        Assert.False(result.IsOk);
        Assert.Equal("keep\n", File.ReadAllText(outside));
        Assert.Empty(ledger.Entries);
    }

    [Fact]
    public void Writers_on_several_threads_record_each_original_exactly_once()
    {
        var ledger = _bed.Open();
        string[] paths = [Governor, Swappiness, ZonePolicy, FanPwm];

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            Assert.True(ledger.Write(new Tunable(paths[i % paths.Length]), $"{i}").IsOk));

        var expected = new Dictionary<string, string>
        {
            [Governor] = "ondemand",
            [Swappiness] = "60",
            [ZonePolicy] = "step_wise",
            [FanPwm] = "0",
        };
        Assert.Equal(expected, ledger.Entries.ToDictionary(e => e.RelativePath, e => e.OriginalValue));
        Assert.Equal(4, _bed.LedgerOnDisk().Count);
    }
}
