using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Faults;

/// <summary>
/// The real binary on a Pi 5 folder tree with its state directory unusable (a file in its place, full, the ledger a
/// directory, the ledger corrupt) or a tunable in a state it cannot be written in (a directory in its place). Each
/// case: the exact line, said once though ten more ticks pass, no stack, the daemon up to the end, and after stop the
/// tree byte-for-byte as before.
/// </summary>
public sealed class StateFaultTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private const string Swappiness = "proc/sys/vm/swappiness";

    private readonly TempDirectory _dir = new("pitune-state-fault");
    private readonly string _root;
    private readonly string _state;

    public StateFaultTests()
    {
        _root = Pi5Layout.Write(_dir.Combine("pi5"));
        _state = _dir.Combine("state");
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Runs the daemon until it has said <paramref name="waitFor"/> and then sampled 10 more ticks (so a per-tick line
    /// would show 10 more times), stops it with SIGTERM; returns its output after exit 0 with the tree as before.
    /// </summary>
    private string Run(SortedDictionary<string, string> treeBefore, string waitFor)
    {
        string config = _dir.WriteFile("appsettings.json", """{ "Memory": { "Swappiness": 35 } }""");
        using DaemonProcess daemon = DaemonProcess.Start(
        [
            "run", "--root", _root, "--config", config, $"--State:Directory={_state}",
            $"--Api:SocketPath={_dir.Combine("pitune.sock")}", "--Log:Target=Console",
            "--Sampling:Interval=00:00:00.1", "--Sampling:LogEachTick=true",
        ]);
        daemon.WaitForOutput(waitFor, Limit);
        int ticks = daemon.Output.Split('\n').Count(l => l.Contains("| CPU ", StringComparison.Ordinal));
        daemon.WaitForOutputCount("| CPU ", ticks + 10, Limit);
        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
        string output = daemon.Output;
        Assert.Contains("Stopped; ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Equal(treeBefore, TreeSnapshot.Of(_root));
        return output;
    }

    private static string[] Lines(string output, string text) =>
        output.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray();

    /// <summary>The one "not recorded" line: which job asks first depends on timing, so the path is not pinned.</summary>
    private void AssertRecordRefusedOnce(string output, string problem)
    {
        string line = Assert.Single(Lines(output, "its original could not be recorded in"));
        Assert.Contains($": its original could not be recorded in {_state}/ledger.json ({problem}); no setting is changed until it can be", line, StringComparison.Ordinal);
        Assert.Empty(Lines(output, "Still cannot record"));
    }

    [Fact]
    public void A_file_in_place_of_the_state_directory_is_said_once_and_nothing_is_changed()
    {
        File.WriteAllText(_state, "not a directory");
        SortedDictionary<string, string> before = TreeSnapshot.Of(_root);

        string output = Run(before, "its original could not be recorded in");

        Assert.Single(Lines(output, $"pitune: warning: the lock {_state}/pitune.lock cannot be taken ("));
        Assert.Single(Lines(output, $"State directory {_state} cannot be created ("));
        AssertRecordRefusedOnce(output, $"Could not find a part of the path '{_state}/ledger.json.tmp'.");
        Assert.Equal("not a directory", File.ReadAllText(_state));
    }

    [Fact]
    public void A_full_state_directory_is_said_once_and_nothing_is_changed()
    {
        // ENOSPC without a small file system: the ledger's temp file is /dev/full, where every write fails with ENOSPC.
        Directory.CreateDirectory(_state);
        File.CreateSymbolicLink(Path.Join(_state, "ledger.json.tmp"), "/dev/full");
        SortedDictionary<string, string> before = TreeSnapshot.Of(_root);

        string output = Run(before, "its original could not be recorded in");

        AssertRecordRefusedOnce(output, $"No space left on device : '{_state}/ledger.json.tmp'");
        Assert.False(File.Exists(Path.Join(_state, "ledger.json")));
    }

    [Fact]
    public void A_directory_in_place_of_the_ledger_is_said_once_left_alone_and_nothing_is_changed()
    {
        Directory.CreateDirectory(Path.Join(_state, "ledger.json"));
        SortedDictionary<string, string> before = TreeSnapshot.Of(_root);

        string output = Run(before, "its original could not be recorded in");

        Assert.Single(Lines(output, $"The ledger {_state}/ledger.json cannot be read (it is a directory, not a file); left as it is and nothing restored from it. No setting is changed until it can be written"));
        AssertRecordRefusedOnce(output, $"Is a directory : '{_state}/ledger.json'");
        Assert.True(Directory.Exists(Path.Join(_state, "ledger.json")));
    }

    [Fact]
    public void A_corrupt_ledger_is_set_aside_once_and_the_daemon_tunes_and_restores_as_usual()
    {
        Directory.CreateDirectory(_state);
        File.WriteAllText(Path.Join(_state, "ledger.json"), "{ \"version\": 1, \"entries\": [ torn");
        SortedDictionary<string, string> before = TreeSnapshot.Of(_root);

        string output = Run(before, "vm.swappiness set to 35 (was 60)");

        string line = Assert.Single(Lines(output, $"The ledger {_state}/ledger.json cannot be trusted ("));
        Assert.Contains($"set aside as {_state}/ledger.json.corrupt-", line, StringComparison.Ordinal);
        Assert.Single(Lines(output, "vm.swappiness set to 35 (was 60)"));
        string setAside = Assert.Single(Directory.GetFiles(_state, "ledger.json.corrupt-*"));
        Assert.Equal("{ \"version\": 1, \"entries\": [ torn", File.ReadAllText(setAside));
    }

    [Fact]
    public void A_leftover_whose_file_became_a_directory_is_said_to_be_a_directory_not_a_permission_problem()
    {
        // An earlier run changed swappiness and was killed; since then the path has become a directory.
        Directory.CreateDirectory(_state);
        File.WriteAllText(Path.Join(_state, "ledger.json"), $$"""
            { "version": 1, "root": "{{_root}}", "entries": [ { "relativePath": "{{Swappiness}}", "originalValue": "60", "recordedAt": "2026-01-01T00:00:00+00:00" } ] }
            """);
        File.Delete(Path.Join(_root, Swappiness));
        Directory.CreateDirectory(Path.Join(_root, Swappiness));
        SortedDictionary<string, string> before = TreeSnapshot.Of(_root);

        string output = Run(before, "Kept in the ledger; tried again at stop");

        Assert.Single(Lines(output, $"Could not restore {Swappiness} to its original \"60\": {Swappiness}: it is a directory, not a kernel attribute. Kept in the ledger; tried again at stop"));
        Assert.Single(Lines(output, $"Could not restore {Swappiness} to its original \"60\": {Swappiness}: it is a directory, not a kernel attribute. Dropped from the ledger: write that value to {_root}/{Swappiness} by hand"));
        Assert.DoesNotContain("permission denied", output, StringComparison.OrdinalIgnoreCase);
    }

    [MountNamespaceFact]
    public void A_read_only_tunable_is_said_once_as_a_read_only_file_system_and_nothing_is_claimed_at_stop()
    {
        const string Governor = Pi5Layout.Policy + "/scaling_governor";
        string governor = Path.Join(_root, Governor);
        SortedDictionary<string, string> before = TreeSnapshot.Of(_root);
        string config = _dir.WriteFile("appsettings.json", """{ "Governor": { "Idle": "performance" } }""");

        // The daemon runs in a private mount namespace where the governor file is a read-only bind mount of itself.
        using DaemonProcess daemon = DaemonProcess.Start(
            [
                "run", "--root", _root, "--config", config, $"--State:Directory={_state}",
                $"--Api:SocketPath={_dir.Combine("pitune.sock")}", "--Log:Target=Console",
                "--Sampling:Interval=00:00:00.1", "--Sampling:LogEachTick=true",
            ],
            wrapper:
            [
                "unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\" && shift && exec \"$@\"", "sh", governor,
            ]);
        string cannot = $"Cannot set {Governor} to performance: {Governor}: read-only file system (a read-only mount, or a path outside the unit's ReadWritePaths); the governor job keeps trying and the other jobs go on";
        daemon.WaitForOutput(cannot, Limit);
        int ticks = daemon.Output.Split('\n').Count(l => l.Contains("| CPU ", StringComparison.Ordinal));
        daemon.WaitForOutputCount("| CPU ", ticks + 10, Limit);
        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));

        string output = daemon.Output;
        Assert.Single(Lines(output, cannot));
        Assert.Empty(Lines(output, "can be set again"));
        Assert.Empty(Lines(output, "Could not restore"));
        Assert.Empty(Lines(output, "permission denied"));
        Assert.DoesNotContain(Governor, File.ReadAllText(Path.Join(_state, "ledger.json")), StringComparison.Ordinal);
        Assert.Equal(before, TreeSnapshot.Of(_root));
    }
}
