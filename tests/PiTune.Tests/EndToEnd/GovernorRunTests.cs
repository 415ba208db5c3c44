using System.Diagnostics;
using PiTune.Simulation;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>The governor job in the real binary: on the simulated Pi 5, and across a SIGKILL.</summary>
[Collection(nameof(TimingCollection))]
public sealed class GovernorRunTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private const string Governor = Pi5Layout.Policy + "/scaling_governor";
    private const string MaxFreq = Pi5Layout.Policy + "/scaling_max_freq";
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Without_a_batcher_CPU_bursts_on_the_simulated_Pi5_get_performance_idle_returns_after_the_grace_and_the_originals_are_back_at_exit()
    {
        string simRoot = _dir.Combine("sim");

        // Bursts: 45 s of full load every 120 s of simulated time; at 20x, 8 s of wall time is 160 s simulated.
        using DaemonProcess daemon = DaemonProcess.Start(
        [
            "run", "--simulate", "--sim-root", simRoot, "--sim-speed", "20", "--for", "8s", "--config", RepoPaths.SampleConfig,
            "--Log:Target=Console", "--Simulation:LoadProfile=Bursts", "--Inference:Enabled=false",
        ]);

        Assert.Equal(0, daemon.WaitForExit(Limit));
        string output = daemon.Output;
        string[] modes = output.Split('\n').Where(l => l.Contains("policy0: ", StringComparison.Ordinal) && l.Contains("→ governor", StringComparison.Ordinal)).ToArray();
        Assert.True(modes.Length >= 3, output);
        Assert.Contains("idle → governor ondemand", modes[0], StringComparison.Ordinal);
        Assert.Contains("inference work → governor performance", modes[1], StringComparison.Ordinal);
        Assert.Contains("idle → governor ondemand", modes[2], StringComparison.Ordinal);
        Assert.Contains("activity from CPU usage (no batcher)", output, StringComparison.Ordinal);

        // The tree kept after exit holds the boot values, byte for byte (as Pi5Layout wrote them).
        Assert.Equal("ondemand\n", File.ReadAllText(Path.Join(simRoot, Governor)));
        Assert.Equal("2400000\n", File.ReadAllText(Path.Join(simRoot, MaxFreq)));
        Assert.Contains($"Restored {Governor} to \"ondemand\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_SIGKILL_while_holding_performance_the_next_start_restores_the_original_first()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        string state = _dir.Combine("state");
        byte[] governor = File.ReadAllBytes(Path.Join(root, Governor));
        byte[] max = File.ReadAllBytes(Path.Join(root, MaxFreq));
        string[] Args(params string[] extra) =>
        [
            "run", "--root", root, "--config", RepoPaths.SampleConfig, $"--State:Directory={state}",
            $"--Api:SocketPath={_dir.Combine("pitune.sock")}", "--Log:Target=Console", "--Sampling:Interval=00:00:00.2", .. extra,
        ];

        // Holding performance honestly: it is the configured idle governor, so the job sets it at start and keeps it.
        using (DaemonProcess first = DaemonProcess.Start(Args("--Governor:Idle=performance")))
        {
            var watch = Stopwatch.StartNew();
            while (File.ReadAllText(Path.Join(root, Governor)) != "performance")
            {
                Assert.True(watch.Elapsed < Limit, "the governor never became performance:\n" + first.Output);
                Thread.Sleep(20);
            }

            first.Signal(DaemonProcess.SIGKILL);
            first.WaitForExit(Limit);
        }

        Assert.Contains("scaling_governor", File.ReadAllText(Path.Join(state, "ledger.json")), StringComparison.Ordinal);
        Assert.Equal("performance", File.ReadAllText(Path.Join(root, Governor)));

        using DaemonProcess second = DaemonProcess.Start(Args("--for", "2s"));
        Assert.Equal(0, second.WaitForExit(Limit));
        string output = second.Output;
        int leftovers = output.IndexOf("Left over from an unclean stop", StringComparison.Ordinal);
        int jobStart = output.IndexOf("Governor job started", StringComparison.Ordinal);
        Assert.True(leftovers >= 0 && jobStart > leftovers, output);
        Assert.Equal(governor, File.ReadAllBytes(Path.Join(root, Governor)));
        Assert.Equal(max, File.ReadAllBytes(Path.Join(root, MaxFreq)));
    }

    public void Dispose() => _dir.Dispose();
}
