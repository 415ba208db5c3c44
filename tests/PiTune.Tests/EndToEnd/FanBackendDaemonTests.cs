using System.Diagnostics;
using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>
/// The real binary driving a PWM channel and a GPIO fan through the kernel's sysfs ABIs under <c>--root</c>: the tree's
/// files change while it runs, are as found after it stops, and nothing outside the tree is used (this machine has no
/// such channel or pin, so a backend reaching for the real /sys could not drive the fan at all).
/// </summary>
public sealed class FanBackendDaemonTests : IDisposable
{
    private const string Channel = "sys/class/pwm/pwmchip0/pwm0";
    private const string Line = "sys/class/gpio/gpio589"; // GPIO 18 on a Pi 5: pinctrl-rp1's base 571 + 18
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    private string[] Args(string root, params string[] extra) =>
    [
        "run", "--root", root, "--config", RepoPaths.SampleConfig,
        $"--State:Directory={_dir.Combine("state")}", $"--Api:SocketPath={_dir.Combine("pitune.sock")}",
        "--Log:Target=Console", "--Sampling:Interval=00:00:00.2", "--Fan:Mode=Control", .. extra,
    ];

    /// <summary>A Pi 5 at 62 °C (50 % on the default curve) with a PWM chip whose channel 0 an earlier export left.</summary>
    private string PwmTree()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"), temperatureC: 62);
        Put(root, "sys/class/pwm/pwmchip0/npwm", "4\n");
        Put(root, "sys/class/pwm/pwmchip0/export", "");
        Put(root, "sys/class/pwm/pwmchip0/unexport", "");
        Put(root, Channel + "/period", "0\n");
        Put(root, Channel + "/duty_cycle", "0\n");
        Put(root, Channel + "/polarity", "normal\n");
        Put(root, Channel + "/enable", "0\n");
        return root;
    }

    private string GpioTree(bool withLine = true)
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"), temperatureC: 62);
        Put(root, "sys/class/gpio/export", "");
        Put(root, "sys/class/gpio/unexport", "");
        Put(root, "sys/class/gpio/gpiochip571/label", "pinctrl-rp1\n");
        Put(root, "sys/class/gpio/gpiochip571/base", "571\n");
        Put(root, "sys/class/gpio/gpiochip571/ngpio", "54\n");
        if (withLine)
        {
            Put(root, Line + "/direction", "in\n");
            Put(root, Line + "/value", "0\n");
        }

        return root;
    }

    [Fact]
    public void A_PWM_fan_is_driven_through_the_channel_under_the_root_and_left_as_found()
    {
        string root = PwmTree();
        SortedDictionary<string, string> before = TreeSnapshot.Of(root);
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--Fan:Kind=Pwm", "--for", "30s"));
        daemon.WaitForOutput("drives the fan", Limit);

        WaitFor(() => Read(root, Channel + "/duty_cycle") == "20000", $"duty_cycle 20000 ns (50 % of 40000); output:\n{daemon.Output}");
        Assert.Equal("40000", Read(root, Channel + "/period")); // 25 kHz
        Assert.Equal("1", Read(root, Channel + "/enable"));

        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
        Assert.Equal(before, TreeSnapshot.Of(root)); // a channel found exported stays exported, every attribute as it was
    }

    [Fact]
    public void A_GPIO_fan_is_switched_through_the_sysfs_line_under_the_root_and_left_as_found()
    {
        string root = GpioTree();
        SortedDictionary<string, string> before = TreeSnapshot.Of(root);
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--Fan:Kind=Gpio", "--Fan:GpioPin=18", "--for", "30s"));
        daemon.WaitForOutput("drives the fan", Limit);

        WaitFor(() => Read(root, Line + "/value") == "1", $"gpio589 on at 62 °C; output:\n{daemon.Output}");
        Assert.Equal("low", Read(root, Line + "/direction")); // an output, made without a glitch high

        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
        Assert.Equal(before, TreeSnapshot.Of(root));
    }

    [Fact]
    public void A_GPIO_fan_on_a_machine_without_GPIO_sysfs_says_what_is_missing_and_what_to_do()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"), temperatureC: 62);
        Put(root, "dev/gpiochip0", "");
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--Fan:Kind=Gpio", "--for", "1s"));
        daemon.WaitForOutput("stays an observer", Limit);
        Assert.Equal(0, daemon.WaitForExit(Limit));

        Assert.Contains("/sys/class/gpio", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("CONFIG_GPIO_SYSFS", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("Fan:Kind=Pwm", daemon.Output, StringComparison.Ordinal);
    }

    private static void Put(string root, string relative, string content)
    {
        string full = Path.Join(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private static string Read(string root, string relative) => File.ReadAllText(Path.Join(root, relative)).Trim();

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
