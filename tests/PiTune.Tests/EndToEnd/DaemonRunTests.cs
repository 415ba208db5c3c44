using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>The real binary, run the way people run it, against folder trees (never this machine's /sys).</summary>
public sealed class DaemonRunTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    private string[] Args(string root, params string[] extra) =>
    [
        "run", "--root", root, "--config", RepoPaths.SampleConfig,
        $"--State:Directory={_dir.Combine("state")}", $"--Api:SocketPath={_dir.Combine("pitune.sock")}",
        "--Log:Target=Console", "--Sampling:Interval=00:00:00.2", "--Sampling:LogEachTick=true", .. extra,
    ];

    [Fact]
    public void On_a_Pi5_shaped_root_the_startup_summary_names_policy_zone_fan_and_throttle_flags()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--for", "2s"));

        Assert.Equal(0, daemon.WaitForExit(Limit));
        string output = daemon.Output;
        Assert.Contains("cpufreq: 1 policy, 4 cpus, 1.5–2.4 GHz", output, StringComparison.Ordinal);
        Assert.Contains("cpu-thermal", output, StringComparison.Ordinal);
        Assert.Contains("pwmfan via hwmon2", output, StringComparison.Ordinal);
        Assert.Contains("throttle flags: yes", output, StringComparison.Ordinal);
        Assert.Contains("45.0 °C", output, StringComparison.Ordinal);
        Assert.Contains("ondemand", output, StringComparison.Ordinal);
        Assert.Contains("Governor job started on 1 cpufreq policy;", output, StringComparison.Ordinal);
    }

    [Fact]
    public void On_an_empty_root_the_daemon_starts_says_what_is_missing_and_keeps_sampling()
    {
        string root = Directory.CreateDirectory(_dir.Combine("empty")).FullName;
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--for", "2s"));

        Assert.Equal(0, daemon.WaitForExit(Limit));
        string output = daemon.Output;
        Assert.Contains("cpufreq: none", output, StringComparison.Ordinal);
        Assert.Contains("thermal: none", output, StringComparison.Ordinal);
        Assert.Contains("temp n/a", output, StringComparison.Ordinal);

        // Missing sources are said once, not every tick.
        int ticks = output.Split('\n').Count(l => l.Contains("temp n/a", StringComparison.Ordinal));
        Assert.True(ticks >= 3, output);
        Assert.Equal(1, output.Split('\n').Count(l => l.Contains("/proc/meminfo is not present", StringComparison.Ordinal)));
    }

    [Fact]
    public void Under_a_notify_socket_the_daemon_says_ready_pings_the_watchdog_and_says_stopping()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        using var systemd = new DatagramListener();
        using DaemonProcess daemon = DaemonProcess.Start(
            Args(root, "--for", "3s"),
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.Path, ["WATCHDOG_USEC"] = "2000000" });

        Assert.NotNull(systemd.ReceiveUntil(m => m.Contains("READY=1", StringComparison.Ordinal), Limit));
        Assert.NotNull(systemd.ReceiveUntil(m => m == "WATCHDOG=1", Limit));
        Assert.NotNull(systemd.ReceiveUntil(m => m.StartsWith("STATUS=", StringComparison.Ordinal), Limit));
        Assert.NotNull(systemd.ReceiveUntil(m => m.Contains("STOPPING=1", StringComparison.Ordinal), Limit));
        Assert.Equal(0, daemon.WaitForExit(Limit));
    }

    [Fact]
    public void The_simulated_Pi5_prints_a_reading_each_tick_and_exits_0()
    {
        using DaemonProcess daemon = DaemonProcess.Start(
            ["run", "--simulate", "--sim-speed", "10", "--for", "3s", "--config", RepoPaths.SampleConfig, "--Log:Target=Console"]);

        Assert.Equal(0, daemon.WaitForExit(Limit));
        // Which file an edit must go to is said at start (under `dotnet run` without --config it is a build output's copy).
        Assert.Contains($"Edits to {RepoPaths.SampleConfig} apply on save", daemon.Output, StringComparison.Ordinal);
        // Under --sim-speed 10 the sampler's 5 s stall limit is 0.5 s of real time, which a machine loaded far beyond its
        // cores can pass: such a tick is printed as STALE, by design, and says nothing about the readings.
        string[] ticks = daemon.Output.Split('\n')
            .Where(l => l.Contains("| CPU ", StringComparison.Ordinal) && !l.Contains("STALE", StringComparison.Ordinal)).ToArray();
        Assert.True(ticks.Length >= 10, daemon.Output);
        // The first tick has no earlier /proc/stat to take a CPU delta from.
        Assert.Contains("CPU n/a", ticks[0], StringComparison.Ordinal);
        Assert.All(ticks.Skip(1), t => Assert.Matches(@"\d+\.\d °C \| CPU \d+ % \| mem \d+ % \| \d\.\d+ GHz.* (ondemand|performance|schedutil|powersave) \| fan ", t));
    }

    [Fact]
    public void A_bad_edit_on_SIGHUP_is_rejected_and_a_good_one_is_applied_with_what_changed()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        string config = _dir.WriteFile("appsettings.json", """{ "Sampling": { "Interval": "00:00:00.2" }, "Governor": { "Idle": "ondemand" } }""");
        using DaemonProcess daemon = DaemonProcess.Start(
            ["run", "--root", root, "--config", config, $"--State:Directory={_dir.Combine("state")}", $"--Api:SocketPath={_dir.Combine("s.sock")}", "--Log:Target=Console", "--for", "30s"]);
        daemon.WaitForOutput("Sampling every", Limit);

        File.WriteAllText(config, """{ "Sampling": { "Interval": "00:00:00.2" }, "Governor": { "Idle": "turbo" } }""");
        daemon.Signal(DaemonProcess.SIGHUP);
        daemon.WaitForOutput("Governor:Idle \"turbo\"", Limit);
        Assert.Contains("last good settings stay in force", daemon.Output, StringComparison.Ordinal);

        File.WriteAllText(config, """{ "Sampling": { "Interval": "00:00:00.5" }, "Governor": { "Idle": "ondemand" } }""");
        daemon.Signal(DaemonProcess.SIGHUP);
        daemon.WaitForOutput("Sampling:Interval \"00:00:00.2\" → \"00:00:00.5\"", Limit);
        daemon.WaitForOutput("Sampling interval changed to 00:00:00.5", Limit);

        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
    }

    [Fact]
    public void A_bad_configuration_at_start_exits_78_naming_each_problem()
    {
        string config = _dir.WriteFile("bad.json", """{ "Sampling": { "Interval": "-5" }, "Governor": { "Idle": "turbo" } }""");
        using DaemonProcess daemon = DaemonProcess.Start(["run", "--config", config, "--root", _dir.Path]);

        Assert.Equal(78, daemon.WaitForExit(Limit));
        Assert.Contains("Sampling:Interval", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("Governor:Idle \"turbo\"", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_on_the_command_line_is_blamed_on_the_command_line_not_the_file()
    {
        using DaemonProcess daemon = DaemonProcess.Start(["run", "--config", RepoPaths.SampleConfig, "--root", _dir.Path, "--Sampling:Interval=abc"]);

        Assert.Equal(78, daemon.WaitForExit(Limit));
        Assert.Contains("'abc' at 'Sampling:Interval' is not a duration such as 00:00:01 (from the command line: --Sampling:Interval)", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"{RepoPaths.SampleConfig} (--config): 1 configuration problem", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_the_daemon_did_not_write_is_listed_or_restored_at_stop()
    {
        // The governor already holds the idle governor: the job records it at start but writes nothing.
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--for", "2s", "--Governor:Idle=ondemand"));

        Assert.Equal(0, daemon.WaitForExit(Limit));
        Assert.DoesNotContain("scaling_governor to \"ondemand\"", daemon.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
