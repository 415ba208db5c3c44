using System.Globalization;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>Profiles on the real binary: a simulated Pi 5, `pitune profile set` over the socket, a restart, a schedule, a bad file.</summary>
public sealed class DaemonProfileTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    private string Socket => _dir.Combine("sim/run/pitune/pitune.sock");

    private DaemonProcess StartDaemon(string config) => DaemonProcess.Start(
    [
        "run", "--simulate", "--sim-root", _dir.Combine("sim"), "--config", config, "--Fan:Mode=Control",
        $"--State:Directory={_dir.Combine("state")}", "--Log:Target=Console", "--for", "60s",
    ]);

    private string Config(string json = "{}") => _dir.WriteFile("etc/appsettings.json", json);

    private static (int Exit, string Output) Cli(params string[] args)
    {
        using DaemonProcess cli = DaemonProcess.Start(args);
        int exit = cli.WaitForExit(Limit);
        return (exit, cli.Output);
    }

    [Fact]
    public void Profile_set_quiet_caps_the_fan_the_log_says_what_changed_and_a_restart_keeps_it()
    {
        string config = Config();
        using (DaemonProcess daemon = StartDaemon(config))
        {
            daemon.WaitForOutput("API listening", Limit);
            daemon.WaitForOutput("Profile balanced (default)", Limit);

            (int exit, string output) = Cli("profile", "set", "quiet", "--socket", Socket);

            Assert.True(exit == 0, output);
            Assert.Contains("quiet (set by hand at", output, StringComparison.Ordinal);
            daemon.WaitForOutput("Configuration reloaded (profile quiet, set by hand): ", Limit);
            // The configuration file sets none of them, so the profile sets them over the defaults (100 % at 75 °C, limit 75 °C).
            Assert.Contains("Fan:Curve:3:DutyPercent set to \"50\"", daemon.Output, StringComparison.Ordinal);
            Assert.Contains("Thermal:LimitC set to \"65\"", daemon.Output, StringComparison.Ordinal);
            (int askExit, string asked) = Cli("profile", "--socket", Socket);
            Assert.Equal(0, askExit);
            Assert.StartsWith("quiet (set by hand at", asked, StringComparison.Ordinal);
            (int statusExit, string status) = Cli("status", "--socket", Socket);
            Assert.True(statusExit == 0, status);
            Assert.Contains("\n  profile      quiet (set by hand at", status, StringComparison.Ordinal);
            daemon.Signal(DaemonProcess.SIGTERM);
            Assert.Equal(0, daemon.WaitForExit(Limit));
        }

        using DaemonProcess again = StartDaemon(config);
        again.WaitForOutput("Profile quiet (set by hand at", Limit);
        again.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, again.WaitForExit(Limit));
    }

    [Fact]
    public void A_schedule_window_that_holds_now_picks_the_profile_at_start()
    {
        DateTime now = DateTime.Now;
        string from = now.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture);
        string to = now.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture);
        string config = Config($$"""{ "Profiles": { "Schedule": [ { "Profile": "quiet", "From": "{{from}}", "To": "{{to}}" } ] } }""");

        using DaemonProcess daemon = StartDaemon(config);
        daemon.WaitForOutput($"Profile quiet (schedule {from}–{to})", Limit);
        daemon.WaitForOutput("API listening", Limit);
        Assert.StartsWith("quiet (schedule", Cli("profile", "--socket", Socket).Output, StringComparison.Ordinal);
        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
    }

    [Fact]
    public void A_bad_profile_file_is_refused_with_its_key_named_and_nothing_changes()
    {
        string config = Config();
        string bad = _dir.WriteFile("etc/profiles/bad.json", """{ "Thermal": { "LimitC": 60 }, "Fan": { "Colour": "blue" } }""");
        using DaemonProcess daemon = StartDaemon(config);
        daemon.WaitForOutput("API listening", Limit);

        (int exit, string output) = Cli("profile", "set", "bad", "--socket", Socket);

        Assert.Equal(78, exit);
        Assert.Contains("'Fan:Colour' is not a known key", output, StringComparison.Ordinal);
        Assert.Contains($"(from profile bad ({bad}))", output, StringComparison.Ordinal);
        daemon.WaitForOutput("Configuration change rejected (profile bad, set by hand)", Limit);
        Assert.StartsWith("balanced (default)", Cli("profile", "--socket", Socket).Output, StringComparison.Ordinal);
        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
        Assert.DoesNotContain("Configuration reloaded (profile", daemon.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("state/profile")));
    }

    public void Dispose() => _dir.Dispose();
}
