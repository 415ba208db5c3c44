using System.Diagnostics;
using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Faults;

/// <summary>
/// Sensor faults against the real binary on a Pi 5 shaped folder (never this machine's /sys): garbage, empty, vanished,
/// directory-in-place, implausibly hot or cold, blocking, and a cpufreq policy that vanishes mid-run. Each case asserts
/// the exact line, said once while many ticks pass (counted by the per-tick line), the job's safe action, and the tree
/// byte for byte as it was once the daemon has stopped.
/// </summary>
public sealed class SensorFaultTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private const string Temp = Pi5Layout.Zone + "/temp";
    private const string Pwm1 = Pi5Layout.FanHwmon + "/pwm1";
    private const string MaxFreq = Pi5Layout.Policy + "/scaling_max_freq";
    private const string TickMark = " | CPU ";

    // The per-tick lines counted after a fault line: far more ticks than a once-only line could hide in.
    private const int TicksAfterFault = 20;
    private readonly TempDirectory _dir = new();
    private readonly string _root;

    public SensorFaultTests() => _root = Pi5Layout.Write(_dir.Combine("pi5"), temperatureC: 45);

    public static TheoryData<string, string, string> BadTemperatures => new()
    {
        { "garbage", "hot\n", "garbage (expected an integer, found 'hot')" },
        { "empty", "", "empty" },
        { "too hot", "999999999\n", "garbage (implausible: 999999999 m°C (1000000 °C) is outside the -40 to 150 °C a thermal zone reports)" },
        { "too cold", "-999999\n", "garbage (implausible: -999999 m°C (-1000 °C) is outside the -40 to 150 °C a thermal zone reports)" },
    };

    [Theory]
    [MemberData(nameof(BadTemperatures))]
    public void A_bad_temperature_is_said_once_the_fan_goes_to_its_safe_duty_nothing_throttles_and_the_tree_comes_back(
        string fault, string content, string problem)
    {
        Assert.NotNull(fault);
        Dictionary<string, string> before = Image(_root);
        using DaemonProcess daemon = Start("--Fan:Mode=Control");
        daemon.WaitForOutput("PiTune drives the fan", Limit);
        TicksPass(daemon, 3);

        Replace(Temp, content);
        string line = $"Cannot read thermal zone temperature: {Temp}: {problem}; sampling goes on without it";
        daemon.WaitForOutput(line, Limit);
        TicksPass(daemon, TicksAfterFault);

        Assert.Equal(1, Occurrences(daemon.Output, line));
        Assert.Equal(1, Occurrences(daemon.Output, "Temperature unreadable (no reading from the thermal zone this tick): fan set to its safe duty 100 %"));
        Assert.Equal("255", Read(Pwm1));
        Assert.Equal("2400000", Read(MaxFreq));
        Assert.DoesNotContain("ThermalThrottled", daemon.Output, StringComparison.Ordinal);

        File.WriteAllText(Path.Join(_root, Temp), "45000\n");
        daemon.WaitForOutput("thermal zone temperature readable again", Limit);
        StopAndAssertRestored(daemon, before);
    }

    [Fact]
    public void A_temperature_file_that_vanishes_or_becomes_a_directory_is_said_once_each_and_the_fan_goes_to_its_safe_duty()
    {
        Dictionary<string, string> before = Image(_root);
        string temp = Path.Join(_root, Temp);
        using DaemonProcess daemon = Start("--Fan:Mode=Control");
        daemon.WaitForOutput("PiTune drives the fan", Limit);
        TicksPass(daemon, 3);

        File.Delete(temp);
        string vanished = $"Cannot read thermal zone temperature: {Temp}: missing; sampling goes on without it";
        daemon.WaitForOutput(vanished, Limit);
        TicksPass(daemon, TicksAfterFault);
        Assert.Equal("255", Read(Pwm1));

        Directory.CreateDirectory(temp);
        TicksPass(daemon, TicksAfterFault);
        Assert.Equal(1, Occurrences(daemon.Output, vanished));
        Assert.Equal("255", Read(Pwm1));

        // Both are one fault until the file reads again: the directory is not a second line per tick either.
        Assert.Equal(1, Occurrences(daemon.Output, "Cannot read thermal zone temperature"));
        Directory.Delete(temp);
        File.WriteAllText(temp, "45000\n");
        daemon.WaitForOutput("thermal zone temperature readable again", Limit);
        StopAndAssertRestored(daemon, before);
    }

    [Fact]
    public void A_directory_in_place_of_the_temperature_is_said_once_as_what_it_is()
    {
        // In place from the start: swapped in mid-run, a tick between the delete and the mkdir would see "missing" first.
        string temp = Path.Join(_root, Temp);
        File.Delete(temp);
        Directory.CreateDirectory(temp);
        Dictionary<string, string> before = Image(_root);
        before[Temp] = Convert.ToHexString("45000\n"u8);
        using DaemonProcess daemon = Start("--Fan:Mode=Control");
        daemon.WaitForOutput("PiTune drives the fan", Limit);
        string line = $"Cannot read thermal zone temperature: {Temp}: it is a directory, not a kernel attribute; sampling goes on without it";
        daemon.WaitForOutput(line, Limit);
        TicksPass(daemon, TicksAfterFault);

        Assert.Equal(1, Occurrences(daemon.Output, line));
        Assert.Equal("255", Read(Pwm1));
        Directory.Delete(temp);
        File.WriteAllText(temp, "45000\n");
        daemon.WaitForOutput("thermal zone temperature readable again", Limit);
        StopAndAssertRestored(daemon, before);
    }

    [Fact]
    public void A_temperature_read_that_never_returns_is_said_once_naming_the_file_and_stop_does_not_wait_for_it()
    {
        string temp = Path.Join(_root, Temp);
        Fifo.Create(temp);
        Dictionary<string, string> before = Image(_root, fifo: temp);
        using DaemonProcess daemon = Start("--Fan:Mode=Control");

        string line = $"Sampling is stuck: reading {temp} has not returned for 5 s; the snapshot is stale and the jobs act without readings";
        daemon.WaitForOutput(line, Limit);
        int stale = Occurrences(daemon.Output, "STALE (sampling stuck)");
        daemon.WaitForOutputCount("STALE (sampling stuck)", stale + TicksAfterFault, Limit);
        Assert.Equal(1, Occurrences(daemon.Output, "Sampling is stuck"));

        // Blind from the start: the fan goes to its safe duty and nothing is throttled.
        daemon.WaitForOutput("PiTune drives the fan", Limit);
        WaitFor(() => Read(Pwm1) == "255", "pwm1 at the safe duty", daemon);
        Assert.Equal("2400000", Read(MaxFreq));

        // The stop used to wait out the host's 60 s shutdown timeout behind the stuck read; it now ends at once, so half
        // that timeout is a bound no prompt stop comes near and the old one could not meet.
        StopAndAssertRestored(daemon, before, fifo: temp, within: TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_cpufreq_policy_that_vanishes_mid_run_is_said_once_not_every_tick_and_is_managed_again_when_it_returns()
    {
        Dictionary<string, string> before = Image(_root);
        using DaemonProcess daemon = Start("--Governor:Idle=powersave");
        string policy = Path.Join(_root, Pi5Layout.Policy);
        WaitFor(() => Read(Pi5Layout.Policy + "/scaling_governor") == "powersave", "the idle governor set", daemon);
        TicksPass(daemon, 3);

        string away = _dir.Combine("policy0-unplugged");
        Directory.Move(policy, away);
        string line = $"policy0: cannot read scaling_governor ({Pi5Layout.Policy}/scaling_governor: missing); this policy is left alone until it can";
        daemon.WaitForOutput(line, Limit);
        TicksPass(daemon, TicksAfterFault);

        Assert.Equal(1, Occurrences(daemon.Output, line));
        Assert.DoesNotContain("Not changing", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot set", daemon.Output, StringComparison.Ordinal);

        Directory.Move(away, policy);
        daemon.WaitForOutput("policy0: scaling_governor readable again", Limit);
        StopAndAssertRestored(daemon, before);
    }

    private DaemonProcess Start(params string[] extra) => DaemonProcess.Start(
    [
        "run", "--root", _root, "--config", RepoPaths.SampleConfig, $"--State:Directory={_dir.Combine("state")}",
        $"--Api:SocketPath={_dir.Combine("pitune.sock")}", "--Log:Target=Console", "--Inference:Enabled=false",
        "--Sampling:Interval=00:00:00.1", "--Sampling:LogEachTick=true", .. extra,
    ]);

    private void StopAndAssertRestored(DaemonProcess daemon, Dictionary<string, string> before, string? fifo = null, TimeSpan? within = null)
    {
        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(within ?? Limit));
        Dictionary<string, string> after = Image(_root, fifo);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach ((string path, string content) in before)
        {
            Assert.True(content == after[path], $"{path} was {content}, is {after[path]}; output:\n{daemon.Output}");
        }
    }

    /// <summary>Every entry under the root: a file by its bytes, a directory as such; a FIFO is never opened (it would block).</summary>
    private static Dictionary<string, string> Image(string root, string? fifo = null) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).ToDictionary(
            p => Path.GetRelativePath(root, p),
            p => p == fifo ? "<fifo>" : Directory.Exists(p) ? "<dir>" : Convert.ToHexString(File.ReadAllBytes(p)));

    /// <summary>Swaps the file's content in one rename, so no tick reads it half-written (truncated to empty).</summary>
    private void Replace(string relative, string content)
    {
        string path = Path.Join(_root, relative);
        File.WriteAllText(path + ".new", content);
        File.Move(path + ".new", path, overwrite: true);
    }

    private string Read(string relative) => File.ReadAllText(Path.Join(_root, relative)).Trim();

    private static void TicksPass(DaemonProcess daemon, int ticks) =>
        daemon.WaitForOutputCount(TickMark, Occurrences(daemon.Output, TickMark) + ticks, Limit);

    private static int Occurrences(string output, string text) => output.Split(text).Length - 1;

    private static void WaitFor(Func<bool> condition, string what, DaemonProcess daemon)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Limit, $"{what}; output:\n{daemon.Output}");
            Thread.Sleep(20);
        }
    }

    public void Dispose() => _dir.Dispose();
}
