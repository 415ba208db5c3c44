using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Memory;

/// <summary>The real binary's memory job against Pi 5 folder trees (the kernel's swap is never touched under a folder root).</summary>
public sealed class MemoryDaemonTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new("pitune-memory-e2e");

    public void Dispose() => _dir.Dispose();

    private string[] Args(string root, params string[] extra) =>
    [
        "run", "--root", root, "--config", RepoPaths.SampleConfig,
        $"--State:Directory={_dir.Combine("state")}", $"--Api:SocketPath={_dir.Combine("pitune.sock")}",
        "--Log:Target=Console", "--Sampling:Interval=00:00:00.2", .. extra,
    ];

    [Fact]
    public void A_vm_sysctl_this_kernel_does_not_have_stops_the_start_with_exit_78_naming_it()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--Memory:Sysctl:no_such_knob=1", "--for", "5s"));

        Assert.Equal(78, daemon.WaitForExit(Limit));
        Assert.Contains("Memory:Sysctl:no_such_knob: vm.no_such_knob does not exist on this kernel", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_daemon_sets_the_tunables_turns_simulated_swap_off_and_leaves_both_as_found_at_stop()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        string swapsBefore = File.ReadAllText(Path.Join(root, "proc/swaps"));
        using DaemonProcess daemon = DaemonProcess.Start(Args(root, "--Memory:DisableSwap=Always", "--for", "3s"));

        Assert.Equal(0, daemon.WaitForExit(Limit));
        string output = daemon.Output;
        Assert.Contains("vm.swappiness set to 10 (was 60)", output, StringComparison.Ordinal);
        Assert.Contains("swap control is simulated", output, StringComparison.Ordinal);
        Assert.Contains("swapoff /var/swap done", output, StringComparison.Ordinal);
        Assert.Contains("swapon /var/swap with priority -2 done", output, StringComparison.Ordinal);
        Assert.Equal("60\n", File.ReadAllText(Path.Join(root, "proc/sys/vm/swappiness")));
        Assert.Contains("/var/swap", File.ReadAllText(Path.Join(root, "proc/swaps")), StringComparison.Ordinal);
        Assert.Equal(swapsBefore.Split('\n')[1].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[^1],
            File.ReadAllText(Path.Join(root, "proc/swaps")).Split('\n')[1].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.False(File.Exists(_dir.Combine("state/swap.json")));
    }
}
