using PiTune.Core.Governor;
using PiTune.Core.Units;
using PiTune.Simulation;

namespace PiTune.Tests.Governor;

public sealed class GovernorServiceTests : IDisposable
{
    private GovernorBed _bed = new();

    [Fact]
    public async Task Starting_idle_sets_the_idle_governor()
    {
        File.WriteAllText(Path.Join(_bed.Root, GovernorBed.Governor), "performance\n");
        await _bed.StartAsync();

        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
        Assert.Equal(1, _bed.Count(4001));
    }

    [Fact]
    public async Task Work_switches_to_performance_at_once_and_back_to_idle_after_the_grace()
    {
        await _bed.StartAsync();
        _bed.SetActive(true);
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));

        _bed.SetActive(false);
        _bed.Tick(after: TimeSpan.FromSeconds(29));
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
        _bed.Tick(after: TimeSpan.FromSeconds(1));
        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
    }

    [Fact]
    public async Task Once_the_inference_governor_is_in_place_work_that_comes_and_goes_wakes_no_decision_and_still_holds_the_grace()
    {
        await _bed.StartAsync();
        _bed.SetActive(true);
        _bed.SetActive(false);
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
        Assert.True(_bed.Service.Settled);

        // A request at a time, as at concurrency 1: the in-flight count goes 0 -> 1 -> 0 with each one.
        long wakes = _bed.Service.ActivityWakes;
        for (int i = 0; i < 100; i++)
        {
            _bed.Activity!.Set(true);
            _bed.Activity.Set(false);
        }

        Assert.Equal(wakes, _bed.Service.ActivityWakes);

        // The next tick sees that work came (the grace restarts from that tick, at most a tick after the work).
        _bed.Tick(after: TimeSpan.FromSeconds(29));
        _bed.Tick(after: TimeSpan.FromSeconds(29));
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
        _bed.Tick(after: TimeSpan.FromSeconds(1));
        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));

        // Idle again: the next work wakes the controller and switches at once.
        Assert.False(_bed.Service.Settled);
        _bed.SetActive(true);
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
    }

    [Fact]
    public async Task Work_that_comes_and_goes_before_the_controller_wakes_still_switches_to_performance()
    {
        await _bed.StartAsync();
        long before = _bed.Service.Decisions;

        // A short request on a busy box: both edges are raised before the controller's thread runs.
        _bed.Activity!.Set(true);
        _bed.Activity.Set(false);
        _bed.WaitForDecisions(before + 1);
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));

        // The grace then runs from that decision, as for any other work.
        _bed.Tick(after: TimeSpan.FromSeconds(30));
        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
    }

    [Fact]
    public async Task Activity_flapping_on_every_tick_switches_at_most_once_per_grace_period()
    {
        await _bed.StartAsync();
        int atStart = _bed.Files.WritesTo(GovernorBed.Governor);
        for (int tick = 0; tick < 120; tick++)
        {
            _bed.SetActive(tick % 2 == 0);
            _bed.Tick();
        }

        // Two minutes of on/off every second: one switch up, held; never down and up again.
        Assert.Equal(1, _bed.Files.WritesTo(GovernorBed.Governor) - atStart);
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
    }

    [Fact]
    public async Task An_unchanged_value_is_never_written_again()
    {
        await _bed.StartAsync();

        // At start the ledger records the governor's original before the first switch, but writes nothing: it holds that value already.
        Assert.Equal(0, _bed.Files.WritesTo(GovernorBed.Governor));
        _bed.SetActive(true);
        for (int i = 0; i < 20; i++)
        {
            _bed.Tick();
        }

        Assert.Equal(1, _bed.Files.WritesTo(GovernorBed.Governor));
        Assert.Equal(0, _bed.Files.WritesTo(GovernorBed.MaxFreq)); // already at cpuinfo_max_freq
    }

    [Fact]
    public async Task A_thermal_cap_on_the_bus_holds_while_inference_is_active_and_lifts_when_it_ends()
    {
        await _bed.StartAsync();
        _bed.SetActive(true);
        _bed.Tick(cap: new KiloHertz(1_800_000));
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
        Assert.Equal("1800000", _bed.Text(GovernorBed.MaxFreq));

        // Work arriving again never raises the ceiling past the cap.
        _bed.SetActive(false);
        _bed.SetActive(true);
        Assert.Equal("1800000", _bed.Text(GovernorBed.MaxFreq));

        _bed.Tick(cap: null);
        Assert.Equal("2400000", _bed.Text(GovernorBed.MaxFreq));
    }

    [Fact]
    public async Task Every_cpufreq_policy_is_handled()
    {
        _bed.Dispose();
        _bed = new GovernorBed(root =>
        {
            // A big.LITTLE-like board: a second policy with its own CPUs, range and governors.
            string second = Path.Join(root, "sys/devices/system/cpu/cpufreq/policy4");
            Directory.CreateDirectory(second);
            foreach (string file in Directory.GetFiles(Path.Join(root, Pi5Layout.Policy)))
            {
                File.Copy(file, Path.Join(second, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Join(second, "affected_cpus"), "4 5\n");
            File.WriteAllText(Path.Join(second, "cpuinfo_max_freq"), "1800000\n");
            File.WriteAllText(Path.Join(second, "scaling_max_freq"), "1800000\n");
            File.WriteAllText(Path.Join(second, "scaling_available_governors"), "performance schedutil powersave\n");
            File.WriteAllText(Path.Join(second, "scaling_governor"), "powersave\n");
        });
        await _bed.StartAsync();
        const string Second = "sys/devices/system/cpu/cpufreq/policy4/";
        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
        Assert.Equal("schedutil", _bed.Text(Second + "scaling_governor")); // ondemand not offered there

        _bed.SetActive(true);
        _bed.Tick(cap: new KiloHertz(2_000_000));
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
        Assert.Equal("performance", _bed.Text(Second + "scaling_governor"));
        Assert.Equal("2000000", _bed.Text(GovernorBed.MaxFreq));
        Assert.Equal("1800000", _bed.Text(Second + "scaling_max_freq")); // below the cap already
    }

    [Fact]
    public async Task A_read_only_governor_file_gives_one_clear_error_and_the_ceiling_is_still_managed()
    {
        _bed.Files.ReadOnly.Add(GovernorBed.Governor);
        await _bed.StartAsync();
        _bed.SetActive(true);
        for (int i = 0; i < 10; i++)
        {
            _bed.Tick(cap: new KiloHertz(2_000_000));
        }

        var errors = _bed.Logger.Entries.Where(e => e.Id.Id == 4004).ToList();
        Assert.Single(errors);
        Assert.Contains("scaling_governor", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("permission denied", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
        Assert.Equal("2000000", _bed.Text(GovernorBed.MaxFreq));
    }

    [Fact]
    public async Task A_policy_that_vanishes_mid_run_is_said_once_then_as_a_summary_and_its_return_is_said()
    {
        await _bed.StartAsync();
        _bed.Tick(cap: new KiloHertz(2_000_000));
        string policy = Path.Join(_bed.Root, Pi5Layout.Policy);
        string saved = _bed.Root + "-policy0";
        Directory.Move(policy, saved);
        for (int i = 0; i < 30; i++)
        {
            _bed.Tick(cap: new KiloHertz(1_900_000));
        }

        // One line naming the policy and the file, nothing per tick: no write tried, so the ledger has nothing to refuse.
        var unreadable = _bed.Logger.Entries.Where(e => e.Id.Id == 4007).ToList();
        Assert.Single(unreadable);
        Assert.Equal(
            "policy0: cannot read scaling_governor (sys/devices/system/cpu/cpufreq/policy0/scaling_governor: missing); this policy is left alone until it can",
            unreadable[0].Message);
        Assert.Equal(0, _bed.Count(4004));
        Assert.DoesNotContain(_bed.LedgerLog.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);

        _bed.Tick(cap: new KiloHertz(1_900_000), after: TimeSpan.FromMinutes(10));
        Assert.Equal(1, _bed.Count(4014));
        Assert.Equal(1, _bed.Count(4007));

        Directory.Move(saved, policy);
        _bed.Tick(cap: new KiloHertz(1_900_000));
        _bed.Tick(cap: new KiloHertz(1_900_000));
        Assert.Equal(1, _bed.Count(4015));
        Assert.Equal("1900000", _bed.Text(GovernorBed.MaxFreq));
    }

    [Fact]
    public async Task Without_a_batcher_sustained_cpu_load_counts_as_work()
    {
        await _bed.StartAsync(withBatcher: false);
        _bed.Tick(cpuPercent: 90);
        _bed.Tick(cpuPercent: 90);
        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
        _bed.Tick(cpuPercent: 90);
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));
    }

    [Fact]
    public async Task Disabled_the_job_only_observes_and_hands_back_what_it_changed()
    {
        await _bed.StartAsync();
        _bed.SetActive(true);
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));

        _bed.Options.CurrentValue = new GovernorOptions { Enabled = false };
        _bed.Tick();
        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
        Assert.Empty(_bed.Ledger.Entries);

        _bed.SetActive(false);
        _bed.SetActive(true);
        Assert.Equal("ondemand", _bed.Text(GovernorBed.Governor));
        Assert.Equal(1, _bed.Count(4009));
    }

    [Fact]
    public async Task On_stop_the_ledger_puts_the_original_governor_and_ceiling_back_byte_for_byte()
    {
        byte[] governor = File.ReadAllBytes(Path.Join(_bed.Root, GovernorBed.Governor));
        byte[] max = File.ReadAllBytes(Path.Join(_bed.Root, GovernorBed.MaxFreq));
        await _bed.StartAsync();
        _bed.SetActive(true);
        _bed.Tick(cap: new KiloHertz(1_600_000));
        Assert.Equal("performance", _bed.Text(GovernorBed.Governor));

        await _bed.Service.StopAsync(CancellationToken.None);
        _bed.Ledger.RestoreAll();
        Assert.Equal(governor, File.ReadAllBytes(Path.Join(_bed.Root, GovernorBed.Governor)));
        Assert.Equal(max, File.ReadAllBytes(Path.Join(_bed.Root, GovernorBed.MaxFreq)));
    }

    public void Dispose() => _bed.Dispose();
}
