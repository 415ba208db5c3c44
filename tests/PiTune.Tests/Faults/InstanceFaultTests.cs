using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Faults;

/// <summary>
/// Two real daemons on one machine: the second is refused with exit 75 and one line naming the first's PID, before
/// it reads or writes anything; the first never notices (its ledger and its settings stay), and after it stops the
/// tree is byte-for-byte as before. A holder killed with SIGKILL leaves no lock behind.
/// </summary>
public sealed class InstanceFaultTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new("pitune-instance-fault");
    private readonly string _root;
    private readonly string _config;
    private readonly SortedDictionary<string, string> _treeBefore;

    public InstanceFaultTests()
    {
        _root = Pi5Layout.Write(_dir.Combine("pi5"));
        _config = _dir.WriteFile("appsettings.json", """{ "Memory": { "Swappiness": 35 } }""");
        _treeBefore = TreeSnapshot.Of(_root);
    }

    public void Dispose() => _dir.Dispose();

    private string Swappiness => File.ReadAllText(Path.Join(_root, "proc/sys/vm/swappiness"));

    private DaemonProcess Start(string root, string state, string socket, params string[] extra) => DaemonProcess.Start(
    [
        "run", "--root", root, "--config", _config, $"--State:Directory={_dir.Combine(state)}",
        $"--Api:SocketPath={_dir.Combine(socket)}", "--Log:Target=Console", .. extra,
    ]);

    /// <summary>The first daemon, once it has tuned the machine (swappiness 60 → 35) and recorded the original.</summary>
    private DaemonProcess StartFirst()
    {
        DaemonProcess first = Start(_root, "state", "first.sock");
        first.WaitForOutput("vm.swappiness set to 35 (was 60)", Limit);
        return first;
    }

    private static int Lines(string output, string line) => output.Split('\n').Count(l => l.TrimEnd('\r') == line);

    /// <summary>Stops the first daemon and checks it never noticed the second: no leftovers restored, the tree as it was.</summary>
    private void StopFirst(DaemonProcess first)
    {
        first.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, first.WaitForExit(Limit));
        Assert.DoesNotContain("Left over from an unclean stop", first.Output, StringComparison.Ordinal);
        Assert.Equal(_treeBefore, TreeSnapshot.Of(_root));
    }

    [Fact]
    public void A_second_daemon_on_the_same_state_directory_exits_75_naming_the_first_ones_PID()
    {
        using DaemonProcess first = StartFirst();

        using DaemonProcess second = Start(_root, "state", "second.sock", "--for", "3s");

        Assert.Equal(75, second.WaitForExit(Limit));
        Assert.Equal(1, Lines(second.Output, $"pitune: another PiTune (PID {first.Id}) holds {_dir.Combine("state")}/pitune.lock; stop it first"));
        Assert.DoesNotContain("restoring", second.Output, StringComparison.Ordinal);
        Assert.Contains("proc/sys/vm/swappiness", File.ReadAllText(_dir.Combine("state/ledger.json")), StringComparison.Ordinal);
        Assert.Equal("35", Swappiness);
        StopFirst(first);
    }

    [Fact]
    public void A_second_start_refused_for_a_broken_file_leaves_the_running_daemons_ledger_alone()
    {
        // A refused start (exit 78) restores a crash's leftovers; a live daemon's ledger is not one.
        using DaemonProcess first = StartFirst();
        string broken = _dir.WriteFile("broken.json", """{ "Memory": { "Swappiness": 35 """);

        using DaemonProcess second = DaemonProcess.Start(
        [
            "run", "--root", _root, "--config", broken, $"--State:Directory={_dir.Combine("state")}",
            $"--Api:SocketPath={_dir.Combine("second.sock")}", "--Log:Target=Console",
        ]);

        Assert.Equal(78, second.WaitForExit(Limit));
        Assert.Equal(1, Lines(second.Output, $"pitune: another PiTune (PID {first.Id}) holds {_dir.Combine("state")}/pitune.lock; stop it first; its ledger is left alone"));
        Assert.DoesNotContain("Restored", second.Output, StringComparison.Ordinal);
        Assert.Contains("proc/sys/vm/swappiness", File.ReadAllText(_dir.Combine("state/ledger.json")), StringComparison.Ordinal);
        Assert.Equal("35", Swappiness);
        StopFirst(first);
    }

    [Fact]
    public void A_second_daemon_on_the_same_root_with_its_own_state_directory_exits_75_naming_the_root()
    {
        using DaemonProcess first = StartFirst();

        using DaemonProcess second = Start(_root, "other-state", "second.sock", "--for", "3s");

        Assert.Equal(75, second.WaitForExit(Limit));
        Assert.Equal(1, Lines(second.Output, $"pitune: another PiTune (PID {first.Id}) is tuning the machine root {_root} (it holds a lock on that directory); stop it first"));
        Assert.Equal("35", Swappiness);
        StopFirst(first);
    }

    [Fact]
    public void A_second_daemon_on_the_same_socket_and_root_is_refused_before_it_touches_the_socket()
    {
        using DaemonProcess first = StartFirst();

        using DaemonProcess second = Start(_root, "other-state", "first.sock", "--for", "3s");

        Assert.Equal(75, second.WaitForExit(Limit));
        Assert.DoesNotContain("API", second.Output, StringComparison.Ordinal);
        StopFirst(first);
    }

    [Fact]
    public void After_the_holder_is_killed_the_next_daemon_gets_the_lock_and_restores_what_it_left()
    {
        using (DaemonProcess first = StartFirst())
        {
            first.Signal(DaemonProcess.SIGKILL);
            first.WaitForExit(Limit);
        }

        Assert.Equal("35", Swappiness);
        using DaemonProcess next = Start(_root, "state", "first.sock", "--for", "2s");

        Assert.Equal(0, next.WaitForExit(Limit));
        // How many settings the first had changed when the kill landed depends on timing; swappiness was one of them.
        string leftovers = Assert.Single(next.Output.Split('\n'), l => l.Contains("Left over from an unclean stop: restoring ", StringComparison.Ordinal));
        Assert.Contains("proc/sys/vm/swappiness", leftovers, StringComparison.Ordinal);
        Assert.Equal(_treeBefore, TreeSnapshot.Of(_root));
    }
}
