using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Metrics;
using PiTune.Core.Sampling;
using PiTune.Linux;
using PiTune.Linux.Files;
using PiTune.Sampling;
using PiTune.Systemd;
using PiTune.Tests.Support;

namespace PiTune.Tests.Sampling;

public sealed class SamplerWatchdogTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _root = new();
    private readonly DatagramListener _systemd = new();
    private readonly FakeTimeProvider _time = new();
    private readonly HangingContributor _hang = new();
    private readonly SdNotifier _notifier;
    private readonly SamplerService _service;

    public SamplerWatchdogTests()
    {
        _notifier = SdNotifier.For(_systemd.Path);
        var sampler = new Sampler(LinuxMachine.Discover(new RootedSysFiles(_root.Path)), [_hang], _time, NullLogger<Sampler>.Instance);
        _service = new SamplerService(
            sampler, new MetricsBus(), new FixedOptionsMonitor<SamplingOptions>(new SamplingOptions { Interval = Interval }),
            _notifier, new WatchdogSettings(true, TimeSpan.FromSeconds(4)), _time, NullLogger<SamplerService>.Instance);
    }

    [Fact]
    public async Task Each_tick_pings_the_watchdog_and_a_hung_loop_stops_the_pings()
    {
        await _service.StartAsync(CancellationToken.None);
        Assert.Equal("WATCHDOG=1", NextPing());
        _time.Advance(Interval);
        Assert.Equal("WATCHDOG=1", NextPing());

        _hang.Hang();
        _time.Advance(Interval);
        Assert.True(_hang.Entered.Wait(Wait), "the sampler did not reach the hanging contributor");
        for (int i = 0; i < 5; i++)
        {
            _time.Advance(Interval);
        }

        // Nothing for a good while: systemd would now kill and restart the daemon.
        Assert.Null(NextPing(TimeSpan.FromMilliseconds(500)));

        _hang.Release();
        Assert.Equal("WATCHDOG=1", NextPing());
        await _service.StopAsync(CancellationToken.None);
    }

    private string? NextPing(TimeSpan? timeout = null) =>
        _systemd.ReceiveUntil(m => !m.StartsWith("STATUS=", StringComparison.Ordinal), timeout ?? Wait);

    public void Dispose()
    {
        _hang.Release();
        _service.Dispose();
        _notifier.Dispose();
        _systemd.Dispose();
        _root.Dispose();
    }

    private sealed class HangingContributor : IMetricsContributor
    {
        private readonly ManualResetEventSlim _released = new(true);

        public ManualResetEventSlim Entered { get; } = new(false);

        public void Hang() => _released.Reset();

        public void Release() => _released.Set();

        public void Contribute(ResourceMetricsDraft draft)
        {
            if (!_released.IsSet)
            {
                Entered.Set();
                _released.Wait();
            }
        }
    }
}
