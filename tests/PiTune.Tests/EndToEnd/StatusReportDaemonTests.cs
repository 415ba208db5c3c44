using System.Diagnostics;
using System.Text.Json;
using PiTune.Simulation;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>
/// What /status and <c>pitune status</c> show that used to be only in the log or wrong: the limits in force under memory
/// pressure, the fan PiTune drives (not another hwmon device's figures), swap that follows a simulated swapoff under a
/// non-/ root, and the tools that would fight PiTune.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class StatusReportDaemonTests : IDisposable
{
    private const string Channel = "sys/class/pwm/pwmchip0/pwm0";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(40);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Status_shows_the_pressure_limits_the_driven_fan_the_swap_after_swapoff_and_the_conflicts()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"), temperatureC: 62);
        Put(root, Pi5Layout.FanHwmon + "/pwm1", "255\n"); // another fan's figures: not the one PiTune drives
        Put(root, Pi5Layout.FanHwmon + "/fan1_input", "4321\n");
        Put(root, "sys/class/pwm/pwmchip0/export", "");
        Put(root, "sys/class/pwm/pwmchip0/unexport", "");
        Put(root, Channel + "/period", "0\n");
        Put(root, Channel + "/duty_cycle", "0\n");
        Put(root, Channel + "/polarity", "normal\n");
        Put(root, Channel + "/enable", "0\n");
        Put(root, "proc/pressure/memory", Pi5Layout.Pressure(60.0, includeFull: true));
        Put(root, "proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/var/swap                               file\t\t102396\t\t51200\t\t-2\n");
        Put(root, "proc/meminfo", Pi5Layout.MemInfo(8_000_000, 6_000_000, 102_396, 102_396 - 51_200));
        Put(root, "proc/4242/comm", "thermald\n");

        string socket = _dir.Combine("pitune.sock");
        using DaemonProcess daemon = DaemonProcess.Start(
        [
            "run", "--root", root, "--config", RepoPaths.SampleConfig,
            $"--State:Directory={_dir.Combine("state")}", $"--Api:SocketPath={socket}",
            "--Log:Target=Console", "--Sampling:Interval=00:00:00.2", "--for", "120s",
            "--Fan:Kind=Pwm", "--Fan:Mode=Control", "--Memory:DisableSwap=Always",
        ]);
        daemon.WaitForOutput("API listening on", Limit);

        using HttpClient client = UnixHttp.Client(socket);
        JsonElement status = default;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using (JsonDocument doc = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative))))
            {
                status = doc.RootElement.Clone();
            }

            if (Settled(status))
            {
                break;
            }

            Assert.True(watch.Elapsed < Settle, $"status never showed everything; last:\n{status}\noutput:\n{daemon.Output}");
            await Task.Delay(50);
        }

        JsonElement limits = status.GetProperty("memory").GetProperty("pressure_limits");
        Assert.Equal(4, limits.GetProperty("batch_size_cap").GetInt32()); // Memory:PressureMaxBatchSize
        long budget = status.GetProperty("pool").GetProperty("budget_bytes").GetInt64();
        Assert.Equal(budget / 2, limits.GetProperty("pool_limit_bytes").GetInt64()); // Memory:TrimTargetPercent 50

        JsonElement fan = status.GetProperty("thermal").GetProperty("fan");
        Assert.Equal("pwmchip0/pwm0 at 25000 Hz", fan.GetProperty("device").GetString());
        double channel = double.Parse(File.ReadAllText(Path.Join(root, Channel, "duty_cycle")), System.Globalization.CultureInfo.InvariantCulture) / 40_000 * 100;
        Assert.Equal(Math.Round(channel, 2), fan.GetProperty("duty_percent").GetDouble()); // what PiTune set on the channel
        Assert.NotEqual(100, fan.GetProperty("duty_percent").GetDouble()); // not hwmon's pwm1 255
        Assert.Equal(JsonValueKind.Null, fan.GetProperty("rpm").ValueKind); // not hwmon's 4321 rpm: a PWM channel has no tachometer

        Assert.Equal(0, status.GetProperty("memory").GetProperty("swap_used_bytes").GetInt64());

        JsonElement conflict = Assert.Single(status.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("thermald", conflict.GetProperty("name").GetString());
        Assert.Equal("the fan and thermal zones", conflict.GetProperty("fights_over").GetString());
        Assert.Equal("process thermald", conflict.GetProperty("found_by").GetString());

        using (DaemonProcess cli = DaemonProcess.Start(["status", "--socket", socket]))
        {
            Assert.Equal(0, cli.WaitForExit(Limit));
            Assert.Contains("fan device   pwmchip0/pwm0 at 25000 Hz", cli.Output, StringComparison.Ordinal);
            Assert.Contains("limits       batch size at most 4, pool trimmed to", cli.Output, StringComparison.Ordinal);
            Assert.Contains("thermald     over the fan and thermal zones (process thermald)", cli.Output, StringComparison.Ordinal);
        }

        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
    }

    private static bool Settled(JsonElement s) =>
        s.TryGetProperty("memory", out JsonElement m) && m.TryGetProperty("pressure_limits", out JsonElement l) && l.ValueKind == JsonValueKind.Object
        && m.GetProperty("swap_used_bytes") is { ValueKind: JsonValueKind.Number } swap && swap.GetInt64() == 0
        && s.GetProperty("thermal").GetProperty("fan") is var fan && fan.TryGetProperty("device", out JsonElement d) && d.ValueKind == JsonValueKind.String
        && fan.GetProperty("duty_percent") is { ValueKind: JsonValueKind.Number } duty && duty.GetDouble() < 100
        && s.TryGetProperty("conflicts", out JsonElement c) && c.GetArrayLength() > 0;

    private static void Put(string root, string relative, string content)
    {
        string full = Path.Join(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void Dispose() => _dir.Dispose();
}
