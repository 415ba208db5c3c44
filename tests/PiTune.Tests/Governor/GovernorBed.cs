using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Governor;
using PiTune.Core.Metrics;
using PiTune.Core.Units;
using PiTune.Governor;
using PiTune.Linux;
using PiTune.Linux.Tuning;
using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Governor;

/// <summary>
/// The governor controller over a Pi 5 shaped folder with the real Linux readers and the real ledger; the test
/// publishes snapshots on the bus (as the sampler would) and raises activity. Time is a FakeTimeProvider.
/// </summary>
internal sealed class GovernorBed : IDisposable
{
    public const string Governor = Pi5Layout.Policy + "/scaling_governor";
    public const string MaxFreq = Pi5Layout.Policy + "/scaling_max_freq";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new("pitune-governor");
    private GovernorService? _service;
    private long _sequence;

    public GovernorBed(Action<string>? shapeRoot = null)
    {
        Root = Pi5Layout.Write(_dir.Combine("root"));
        shapeRoot?.Invoke(Root);
        Files = new WatchedFiles(Root);
        Machine = LinuxMachine.Discover(Files);
        Ledger = TuningLedger.Open(Files, new StateOptions { Directory = _dir.Combine("state") }, Time, LedgerLog);
    }

    public string Root { get; }

    public WatchedFiles Files { get; }

    public LinuxMachine Machine { get; }

    public TuningLedger Ledger { get; }

    public ListLogger<TuningLedger> LedgerLog { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    public MetricsBus Bus { get; } = new();

    public MutableOptionsMonitor<GovernorOptions> Options { get; } = new(new GovernorOptions());

    public ListLogger<GovernorService> Logger { get; } = new();

    public TestActivity? Activity { get; private set; }

    public GovernorService Service => _service ?? throw new InvalidOperationException("not started");

    public async Task StartAsync(bool withBatcher = true)
    {
        Activity = withBatcher ? new TestActivity() : null;
        _service = new GovernorService(Machine, Bus, Ledger, Options, Files, Time, Logger, Activity);
        await _service.StartAsync(CancellationToken.None);
        WaitForDecisions(1);
    }

    /// <summary>Publishes a snapshot as the sampler would and waits until the controller has decided on it.</summary>
    public void Tick(double? cpuPercent = null, KiloHertz? cap = null, TimeSpan? after = null)
    {
        Time.Advance(after ?? TimeSpan.FromSeconds(1));
        long before = Service.Decisions;
        var cpu = new CpuMetrics(cpuPercent, Array.Empty<double>(), null, null, null, cap, null);
        Bus.Publish(new ResourceMetrics(++_sequence, Time.GetUtcNow(), cpu, default, default, default, default));
        WaitForDecisions(before + 1);
    }

    /// <summary>
    /// Raises the batcher's event and waits until the controller has decided on it, if it wakes the controller: once the
    /// inference governor is in place an edge has nothing to switch and only the next tick sees it.
    /// </summary>
    public void SetActive(bool active)
    {
        long before = Service.Decisions;
        bool wakes = !Service.Settled;
        Activity!.Set(active);
        if (wakes)
        {
            WaitForDecisions(before + 1);
        }
    }

    public string Text(string relative) => File.ReadAllText(Path.Join(Root, relative)).TrimEnd('\n');

    public int Count(int eventId) => Logger.Entries.Count(e => e.Id.Id == eventId);

    public void WaitForDecisions(long count)
    {
        // A bounded wait for the controller's own thread, not a sleep: returns as soon as it has decided.
        var watch = Stopwatch.StartNew();
        while (Service.Decisions < count)
        {
            Assert.True(watch.Elapsed < Wait, $"the controller made {Service.Decisions} decisions, expected {count}");
            Thread.Yield();
        }
    }

    public void Dispose()
    {
        _service?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _service?.Dispose();
        _dir.Dispose();
    }
}
