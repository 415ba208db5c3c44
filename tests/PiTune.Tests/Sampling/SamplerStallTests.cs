using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Metrics;
using PiTune.Core.Sampling;
using PiTune.Core.Units;
using PiTune.Linux;
using PiTune.Linux.Files;
using PiTune.Sampling;
using PiTune.Simulation;
using PiTune.Systemd;
using PiTune.Tests.Support;

namespace PiTune.Tests.Sampling;

/// <summary>
/// A Pi 5 shaped folder whose thermal zone's <c>temp</c> is a FIFO: opening it blocks, as a sysfs read blocks in a hung
/// driver. Time is a FakeTimeProvider; the waits below are bounded waits for the loop's own thread, never sleeps.
/// </summary>
public sealed class SamplerStallTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const string Temp = Pi5Layout.Zone + "/temp";
    private readonly TempDirectory _dir = new();
    private readonly DatagramListener _systemd = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<SamplerService> _log = new();
    private readonly MetricsBus _bus = new();
    private readonly string _root;
    private readonly WatchedSysFiles _files;
    private readonly SdNotifier _notifier;
    private readonly SamplerService _service;

    public SamplerStallTests()
    {
        _root = Pi5Layout.Write(_dir.Combine("root"));
        Fifo.Create(TempPath);
        _files = new WatchedSysFiles(new RootedSysFiles(_root));
        _notifier = SdNotifier.For(_systemd.Path);
        var sampler = new Sampler(LinuxMachine.Discover(_files), [], _time, NullLogger<Sampler>.Instance);
        _service = new SamplerService(
            sampler, _bus, new FixedOptionsMonitor<SamplingOptions>(new SamplingOptions { Interval = Interval }),
            _notifier, new WatchdogSettings(true, TimeSpan.FromSeconds(30)), _time, _log, reads: _files);
    }

    private string TempPath => Path.Join(_root, Temp);

    [Fact]
    public async Task A_read_that_never_returns_is_said_once_naming_the_file_the_snapshots_go_stale_the_pings_stop_and_stop_does_not_wait()
    {
        await _service.StartAsync(CancellationToken.None);
        WaitUntil(() => _files.Reading == Temp, "the sampling thread to block in the FIFO");

        _time.Advance(SamplerService.StallTimeout);
        WaitUntil(() => _bus.Latest is { Stale: true }, "a stale snapshot");
        for (int i = 0; i < 3; i++)
        {
            long before = _bus.Latest!.Sequence;
            _time.Advance(Interval);
            WaitUntil(() => _bus.Latest!.Sequence > before, "a stale snapshot each tick");
        }

        var stalls = _log.Entries.Where(e => e.Id.Id == 1106).ToList();
        Assert.Single(stalls);
        Assert.Equal(
            $"Sampling is stuck: reading {TempPath} has not returned for 5 s; the snapshot is stale and the jobs act without readings; "
            + "the systemd watchdog is no longer pinged, so systemd restarts PiTune",
            stalls[0].Message);

        ResourceMetrics stale = _bus.Latest!;
        Assert.True(stale.Stale);
        Assert.Equal($"reading {TempPath} has not returned for 8 s", stale.StaleReason);
        Assert.Null(stale.Thermal.Temperature);
        Assert.True(stale.Thermal.SensorFault);
        Assert.Null(stale.Cpu.UsagePercent);

        // No sample ever finished, so no WATCHDOG=1 was ever sent: systemd will restart the daemon.
        Assert.Null(_systemd.ReceiveUntil(m => m == "WATCHDOG=1", TimeSpan.FromMilliseconds(100)));

        Task stop = _service.StopAsync(CancellationToken.None);
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(Wait)));
        Assert.Equal(Temp, _files.Reading);

        // Free the thread so none leaks past the test.
        Fifo.Release(TempPath);
        WaitUntil(() => _files.Reading is null, "the freed read to return");
    }

    [Fact]
    public async Task When_the_read_returns_sampling_goes_on_says_so_once_and_the_pings_resume()
    {
        await _service.StartAsync(CancellationToken.None);
        WaitUntil(() => _files.Reading == Temp, "the sampling thread to block in the FIFO");
        _time.Advance(SamplerService.StallTimeout);
        WaitUntil(() => _bus.Latest is { Stale: true }, "a stale snapshot");

        // The driver comes back: a real file from the next read on, and the stuck one returns.
        string fifo = TempPath + ".hung";
        File.Move(TempPath, fifo);
        File.WriteAllText(TempPath, "52000\n");
        Fifo.Release(fifo);
        WaitUntil(() => _log.Entries.Any(e => e.Id.Id == 1107), "the loop to see the read return");

        Assert.Equal($"Sampling goes on: reading {TempPath} returned after 00:00:05", _log.Entries.Single(e => e.Id.Id == 1107).Message);
        Assert.Equal("WATCHDOG=1", _systemd.ReceiveUntil(m => m == "WATCHDOG=1", Wait));

        long before = _bus.Latest!.Sequence;
        _time.Advance(Interval);
        WaitUntil(() => _bus.Latest!.Sequence > before, "the next tick");
        ResourceMetrics fresh = _bus.Latest!;
        Assert.False(fresh.Stale);
        Assert.Equal(new Celsius(52), fresh.Thermal.Temperature);
        Assert.Single(_log.Entries, e => e.Id.Id == 1106);

        await _service.StopAsync(CancellationToken.None);
        File.Delete(fifo);
    }

    [Fact]
    public async Task A_read_that_hangs_again_and_again_is_said_once_then_at_most_once_per_ten_minutes_with_a_count()
    {
        await _service.StartAsync(CancellationToken.None);
        HangUntilStale(TimeSpan.Zero);
        for (int i = 0; i < 3; i++)
        {
            ReturnOnce();
            HangUntilStale(Interval);
        }

        Assert.Single(_log.Entries, e => e.Id.Id == 1106);
        Assert.Single(_log.Entries, e => e.Id.Id == 1107);
        Assert.DoesNotContain(_log.Entries, e => e.Id.Id == 1108);

        ReturnOnce();
        HangUntilStale(TimeSpan.FromMinutes(10));
        Assert.Equal(
            $"Sampling is stuck again: reading {TempPath} has not returned for 5 s (5 stalls since start); the snapshot is stale; "
            + "the systemd watchdog is no longer pinged, so systemd restarts PiTune",
            _log.Entries.Single(e => e.Id.Id == 1108).Message);

        await _service.StopAsync(CancellationToken.None);
        Fifo.Release(TempPath);
        WaitUntil(() => _files.Reading is null, "the freed read to return");
    }

    /// <summary>Moves the clock to the next sample, which blocks in the FIFO, and on until it is called stuck.</summary>
    private void HangUntilStale(TimeSpan untilNextSample)
    {
        if (untilNextSample > TimeSpan.Zero)
        {
            _time.Advance(untilNextSample);
        }

        WaitUntil(() => _files.Reading == Temp, "the sampling thread to block in the FIFO");
        long before = _bus.Latest?.Sequence ?? 0;
        _time.Advance(SamplerService.StallTimeout);
        WaitUntil(() => _bus.Latest is { Stale: true } s && s.Sequence > before, "a stale snapshot");
    }

    /// <summary>Lets the blocked read return once (the FIFO stays, so the next one blocks again) and waits for its snapshot.</summary>
    private void ReturnOnce()
    {
        long before = _bus.Latest!.Sequence;
        Fifo.Release(TempPath);
        WaitUntil(() => _bus.Latest is { Stale: false } s && s.Sequence > before, "the returned sample's snapshot");
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Wait, "timed out waiting for " + what);
            Thread.Yield();
        }
    }

    public void Dispose()
    {
        _service.Dispose();
        _notifier.Dispose();
        _systemd.Dispose();
        _dir.Dispose();
    }
}
