using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Faults;

/// <summary>
/// The real binary on a Pi 5 folder tree with its configuration file broken at start, on a file change and on SIGHUP
/// (syntax error, empty, deleted, a directory, unreadable), and replaced by a good one. Each case: the exact line, said once; the
/// daemon still running on its last good settings; and after stop the tree byte-for-byte as it was.
/// </summary>
public sealed class ConfigFaultTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private const string Good = """{ "Memory": { "Swappiness": 35 } }""";

    private readonly TempDirectory _dir = new("pitune-config-fault");
    private readonly string _root;
    private readonly string _config;
    private readonly SortedDictionary<string, string> _treeBefore;

    public ConfigFaultTests()
    {
        _root = Pi5Layout.Write(_dir.Combine("pi5"));
        _config = _dir.WriteFile("etc/appsettings.json", Good);
        _treeBefore = TreeSnapshot.Of(_root);
    }

    public void Dispose() => _dir.Dispose();

    private string Swappiness => File.ReadAllText(Path.Join(_root, "proc/sys/vm/swappiness"));

    private string[] Args(params string[] extra) =>
    [
        "run", "--root", _root, "--config", _config,
        $"--State:Directory={_dir.Combine("state")}", $"--Api:SocketPath={_dir.Combine("pitune.sock")}", "--Log:Target=Console", .. extra,
    ];

    /// <summary>The daemon, started on the good file, once it has tuned the machine (swappiness 60 → 35).</summary>
    private DaemonProcess StartTuned()
    {
        DaemonProcess daemon = DaemonProcess.Start(Args());
        daemon.WaitForOutput("vm.swappiness set to 35 (was 60)", Limit);
        Assert.Equal("35", Swappiness);
        return daemon;
    }

    /// <summary>Breaks the file as <paramref name="fault"/> says; returns what the rejection says about it.</summary>
    private string Break(string fault)
    {
        switch (fault)
        {
            case "syntax":
                File.WriteAllText(_config, """{ "Memory": { "Swappiness" 40 } }""");
                return "has a JSON syntax error at line 1, column 28: '4' is invalid after a property name. Expected a ':'.";
            case "empty":
                File.WriteAllText(_config, "");
                return "is empty";
            case "deleted":
                File.Delete(_config);
                return "was deleted";
            case "unreadable":
                // Readable by no one, root included (this suite may run as root): reading /proc/self/mem at 0 is EIO.
                File.Delete(_config);
                File.CreateSymbolicLink(_config, "/proc/self/mem");
                return "cannot be read: Input/output error";
            default:
                File.Delete(_config);
                Directory.CreateDirectory(_config);
                return "is a directory, not a file";
        }
    }

    private void Repair()
    {
        if (new FileInfo(_config).LinkTarget is not null)
        {
            File.Delete(_config);
        }

        if (Directory.Exists(_config))
        {
            Directory.Delete(_config);
        }

        File.WriteAllText(_config, Good);
    }

    private void StopAndAssertRestored(DaemonProcess daemon)
    {
        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
        AssertTreeAsBefore();
    }

    private void AssertTreeAsBefore() => Assert.Equal(_treeBefore, TreeSnapshot.Of(_root));

    private string Rejected(string trigger, string why) =>
        $"Configuration change rejected ({trigger}); the last good settings stay in force: configuration file {_config} {why}";

    private static int Count(string output, string text) => output.Split(text).Length - 1;

    [Theory]
    [InlineData("syntax")]
    [InlineData("empty")]
    [InlineData("directory")]
    [InlineData("unreadable")]
    public void A_file_that_cannot_be_read_at_start_exits_78_saying_why_and_changes_nothing(string fault)
    {
        string why = Break(fault);
        using DaemonProcess daemon = DaemonProcess.Start(Args());

        Assert.Equal(78, daemon.WaitForExit(Limit));
        Assert.Equal(1, Count(daemon.Output, $"pitune: configuration file {_config} {why}"));
        AssertTreeAsBefore();
    }

    [Theory]
    [InlineData("syntax")]
    [InlineData("empty")]
    [InlineData("deleted")]
    [InlineData("directory")]
    [InlineData("unreadable")]
    public void A_file_broken_while_running_is_rejected_once_and_the_last_good_settings_stay(string fault)
    {
        using DaemonProcess daemon = StartTuned();

        string why = Break(fault);
        string line = Rejected("file change", why);
        daemon.WaitForOutput(line, Limit);

        // Put right: measured against the last good settings, nothing changed (a deletion read as "every key removed"
        // would have set swappiness back to its default, 10).
        Repair();
        daemon.WaitForOutput("Configuration reloaded (file change): no changes", Limit);
        Assert.Equal(1, Count(daemon.Output, line));
        Assert.Equal("35", Swappiness);
        Assert.DoesNotContain("vm.swappiness set to 10", daemon.Output, StringComparison.Ordinal);
        StopAndAssertRestored(daemon);
    }

    [Theory]
    [InlineData("syntax")]
    [InlineData("empty")]
    [InlineData("deleted")]
    [InlineData("directory")]
    [InlineData("unreadable")]
    public void Systemctl_reload_with_a_broken_file_does_not_crash_and_the_last_good_settings_stay(string fault)
    {
        using DaemonProcess daemon = StartTuned();
        string why = Break(fault);
        daemon.WaitForOutput(Rejected("file change", why), Limit);

        daemon.Signal(DaemonProcess.SIGHUP);

        string line = Rejected("SIGHUP", why);
        daemon.WaitForOutput(line, Limit);
        Repair();
        daemon.WaitForOutput("Configuration reloaded (file change): no changes", Limit);
        Assert.Equal(1, Count(daemon.Output, line));
        Assert.Equal("35", Swappiness);
        StopAndAssertRestored(daemon);
    }

    [Fact]
    public void Systemctl_reload_works_when_the_daemon_was_started_with_SIGHUP_ignored()
    {
        // nohup, a background job of some shells, or a CI harness hand the daemon SIGHUP as SIG_IGN, and .NET then
        // installs no handler for it: "reload" did nothing at all. PiTune's reload signal is taken back at start.
        using DaemonProcess daemon = DaemonProcess.Start(Args(), wrapper: ["nohup"]);
        daemon.WaitForOutput("vm.swappiness set to 35 (was 60)", Limit);
        File.WriteAllText(_config, """{ "Memory": { "Swappiness": 40 } }""");
        daemon.WaitForOutput("vm.swappiness set to 40", Limit);

        daemon.Signal(DaemonProcess.SIGHUP);

        daemon.WaitForOutput("Configuration reloaded (SIGHUP): no changes", Limit);
        StopAndAssertRestored(daemon);
    }

    [Fact]
    public void A_good_file_replacing_the_old_one_is_applied_and_restored_at_stop()
    {
        using DaemonProcess daemon = StartTuned();

        File.WriteAllText(_config, """{ "Memory": { "Swappiness": 40 } }""");

        daemon.WaitForOutput("vm.swappiness set to 40", Limit);
        Assert.Equal(1, Count(daemon.Output, "Configuration reloaded (file change): Memory:Swappiness \"35\" → \"40\""));
        Assert.Equal("40", Swappiness);
        StopAndAssertRestored(daemon);
    }

    [Fact]
    public void A_start_refused_for_bad_configuration_restores_what_a_killed_run_left_changed()
    {
        using (DaemonProcess killed = StartTuned())
        {
            killed.Signal(DaemonProcess.SIGKILL);
            killed.WaitForExit(Limit);
        }

        Assert.Equal("35", Swappiness);
        Break("syntax");
        using DaemonProcess refused = DaemonProcess.Start(Args());

        Assert.Equal(78, refused.WaitForExit(Limit));
        string output = refused.Output;
        Assert.Equal(1, Count(output, $"pitune: configuration file {_config} has a JSON syntax error"));
        Assert.Equal(1, Count(output, "pitune: Left over from an unclean stop: restoring"));
        Assert.Equal(1, Count(output, "setting(s) an earlier run left changed were put back\n"));
        AssertTreeAsBefore();
    }

    [Fact]
    public void A_start_refused_for_a_bad_value_also_restores_the_leftovers()
    {
        using (DaemonProcess killed = StartTuned())
        {
            killed.Signal(DaemonProcess.SIGKILL);
            killed.WaitForExit(Limit);
        }

        File.WriteAllText(_config, """{ "Memory": { "Swappiness": "lots" } }""");
        using DaemonProcess refused = DaemonProcess.Start(Args());

        Assert.Equal(78, refused.WaitForExit(Limit));
        Assert.Equal(1, Count(refused.Output, "'lots' at 'Memory:Swappiness' is not a whole number"));
        Assert.Equal(1, Count(refused.Output, "setting(s) an earlier run left changed were put back\n"));
        AssertTreeAsBefore();
    }
}
