using Microsoft.Extensions.Logging;
using PiTune.Core.Platform;
using PiTune.Linux.Tuning;
using static PiTune.Linux.Tests.Tuning.LedgerTestBed;

namespace PiTune.Linux.Tests.Tuning;

public sealed class TuningLedgerStartupTests : IDisposable
{
    private readonly LedgerTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void Open_creates_the_state_directory_and_starts_empty()
    {
        var ledger = _bed.Open();

        Assert.True(Directory.Exists(_bed.StateDirectory));
        Assert.Empty(ledger.Entries);
        Assert.Empty(ledger.RestoreLeftovers());
        Assert.Empty(_bed.Logger.Lines);
    }

    [Fact]
    public void A_ledger_reopened_after_an_unclean_stop_restores_the_leftovers()
    {
        byte[] governor = _bed.Bytes(Governor), swappiness = _bed.Bytes(Swappiness);
        var crashed = _bed.Open();
        crashed.Write(new Tunable(Governor), "performance");
        crashed.Write(new Tunable(Swappiness), "10");

        // No RestoreAll: the process died here.
        var restarted = _bed.Open();
        Assert.Equal([Governor, Swappiness], restarted.Entries.Select(e => e.RelativePath));
        IReadOnlyList<WriteResult> results = restarted.RestoreLeftovers();

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.IsOk, r.Describe()));
        Assert.Equal(governor, _bed.Bytes(Governor));
        Assert.Equal(swappiness, _bed.Bytes(Swappiness));
        Assert.Empty(restarted.Entries);
        Assert.Empty(_bed.LedgerOnDisk());
        LogLine warning = Assert.Single(_bed.Logger.WithId(200));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("2 setting(s)", warning.Message, StringComparison.Ordinal);
        Assert.Contains(Governor, warning.Message, StringComparison.Ordinal);
        Assert.Contains(Swappiness, warning.Message, StringComparison.Ordinal);
        Assert.Empty(restarted.RestoreLeftovers());
    }

    [Fact]
    public void A_leftover_that_cannot_be_restored_keeps_its_true_original_for_the_stop()
    {
        _bed.Open().Write(new Tunable(Governor), "performance");
        var restarted = _bed.Open();
        _bed.Files.FailWrites.Add(Governor);

        Assert.False(Assert.Single(restarted.RestoreLeftovers()).IsOk);

        // A job writing it again must not make "performance" the original.
        _bed.Files.FailWrites.Clear();
        restarted.Write(new Tunable(Governor), "powersave");
        restarted.RestoreAll();
        Assert.Equal("ondemand\n", _bed.Text(Governor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"version\": 1, \"root\": ")]
    [InlineData("not json at all")]
    [InlineData("null")]
    [InlineData("{ \"version\": 1 }")]
    [InlineData("{ \"version\": 99, \"root\": \"ROOT\", \"entries\": [] }")]
    [InlineData("{ \"version\": 1, \"root\": \"ROOT\", \"entries\": [ { \"relativePath\": null, \"originalValue\": \"x\", \"recordedAt\": \"2025-01-01T00:00:00Z\" } ] }")]
    [InlineData("{ \"version\": 1, \"root\": \"ROOT\", \"entries\": [ { \"relativePath\": \"proc/sys/vm/swappiness\", \"recordedAt\": \"2025-01-01T00:00:00Z\" } ] }")]
    [InlineData("{ \"version\": 1, \"root\": \"ROOT\", \"entries\": [ { \"relativePath\": \"../etc/shadow\", \"originalValue\": \"x\", \"recordedAt\": \"2025-01-01T00:00:00Z\" } ] }")]
    [InlineData("{ \"version\": 1, \"root\": \"ROOT\", \"entries\": [ { \"relativePath\": \"/etc/shadow\", \"originalValue\": \"x\", \"recordedAt\": \"2025-01-01T00:00:00Z\" } ] }")]
    public void A_corrupt_ledger_is_set_aside_with_a_clear_log_and_the_ledger_starts_empty(string content)
    {
        content = content.Replace("ROOT", _bed.Root, StringComparison.Ordinal);
        Directory.CreateDirectory(_bed.StateDirectory);
        File.WriteAllText(_bed.LedgerFile, content);

        var ledger = _bed.Open();

        Assert.Empty(ledger.Entries);
        string setAside = _bed.LedgerFile + ".corrupt-20250102T030405Z";
        Assert.Equal(content, File.ReadAllText(setAside));
        Assert.False(File.Exists(_bed.LedgerFile));
        LogLine error = Assert.Single(_bed.Logger.WithId(209));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains(_bed.LedgerFile, error.Message, StringComparison.Ordinal);
        Assert.Contains(setAside, error.Message, StringComparison.Ordinal);

        // And it carries on: changes are recorded in a fresh ledger.
        Assert.True(ledger.Write(new Tunable(Swappiness), "10").IsOk);
        Assert.Equal([(Swappiness, "60")], _bed.LedgerOnDisk());
    }

    [Fact]
    public void A_second_corrupt_ledger_in_the_same_second_does_not_overwrite_the_first()
    {
        Directory.CreateDirectory(_bed.StateDirectory);
        File.WriteAllText(_bed.LedgerFile, "first");
        _bed.Open();
        File.WriteAllText(_bed.LedgerFile, "second");

        _bed.Open();

        Assert.Equal("first", File.ReadAllText(_bed.LedgerFile + ".corrupt-20250102T030405Z"));
        Assert.Equal("second", File.ReadAllText(_bed.LedgerFile + ".corrupt-20250102T030405Z-2"));
    }

    [Fact]
    public void A_ledger_written_for_another_root_is_set_aside_without_restoring_anything()
    {
        using var other = new LedgerTestBed();
        var foreign = TuningLedger.Open(other.Files, new StateOptions { Directory = _bed.StateDirectory }, _bed.Time, _bed.Logger);
        foreign.Write(new Tunable(Governor), "performance");

        var ledger = _bed.Open();

        Assert.Empty(ledger.Entries);
        Assert.Empty(ledger.RestoreLeftovers());
        Assert.Empty(_bed.Files.Writes);
        Assert.True(File.Exists(_bed.LedgerFile + ".other-root-20250102T030405Z"));
        LogLine error = Assert.Single(_bed.Logger.WithId(210));
        Assert.Contains(other.Root, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_temporary_file_is_left_next_to_the_ledger()
    {
        var ledger = _bed.Open();
        ledger.Write(new Tunable(Governor), "performance");
        ledger.RestoreAll();

        Assert.Equal(["ledger.json"], Directory.GetFiles(_bed.StateDirectory).Select(Path.GetFileName));
    }
}
