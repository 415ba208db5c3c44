using System.Diagnostics;
using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>The real binary driving the fan of a Pi 5 shaped folder (never this machine's /sys).</summary>
public sealed class ThermalDaemonTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    private string[] Args(string root, params string[] extra) =>
    [
        "run", "--root", root, "--config", RepoPaths.SampleConfig,
        $"--State:Directory={_dir.Combine("state")}", $"--Api:SocketPath={_dir.Combine("pitune.sock")}",
        "--Log:Target=Console", "--Sampling:Interval=00:00:00.2", .. extra,
    ];

    [Fact]
    public void In_control_mode_the_daemon_takes_the_zone_drives_pwm1_by_the_curve_and_gives_both_back_on_stop()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"), temperatureC: 62);
        File.WriteAllText(Path.Join(root, Pi5Layout.FanHwmon, "pwm1"), "75\n");
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--Fan:Mode=Control", "--for", "30s"));
        daemon.WaitForOutput("drives the fan", Limit);

        string policy = Path.Join(root, Pi5Layout.Zone, "policy");
        string pwm1 = Path.Join(root, Pi5Layout.FanHwmon, "pwm1");
        Assert.Equal("user_space", File.ReadAllText(policy).Trim());
        WaitFor(() => File.ReadAllText(pwm1).Trim() == "128", $"pwm1 at 50 % for 62 °C; output:\n{daemon.Output}");

        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
        Assert.Equal("step_wise", File.ReadAllText(policy).Trim());
        Assert.Equal("75", File.ReadAllText(pwm1).Trim());
    }

    [Fact]
    public void A_bad_fan_curve_at_start_exits_78_naming_the_point()
    {
        using DaemonProcess daemon = DaemonProcess.Start(Args(_dir.Path, "--Fan:Curve:1:TemperatureC=40", "--Thermal:LimitC=85"));

        Assert.Equal(78, daemon.WaitForExit(Limit));
        Assert.Contains("Fan:Curve:1:TemperatureC 40", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("Thermal:LimitC", daemon.Output, StringComparison.Ordinal);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Limit, what);
            Thread.Sleep(20);
        }
    }

    public void Dispose() => _dir.Dispose();
}
