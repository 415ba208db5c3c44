using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Metrics;
using PiTune.Core.Sampling;
using PiTune.Systemd;
using PiTune.Telemetry;

namespace PiTune.Sampling;

/// <summary>
/// The sampling loop: one snapshot per tick, published on the bus. It also pings the systemd
/// watchdog, so a hung loop stops the pings and systemd restarts the daemon.
/// </summary>
internal sealed class SamplerService(
    Sampler sampler,
    IMetricsBus bus,
    IOptionsMonitor<SamplingOptions> options,
    SdNotifier notifier,
    WatchdogSettings watchdog,
    TimeProvider time,
    ILogger<SamplerService> logger,
    PiTuneInstruments? instruments = null) : BackgroundService
{
    // STATUS= is what `systemctl status` shows; refreshing it every few ticks is plenty.
    private const int StatusEveryTicks = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SamplingOptions current = options.CurrentValue;
        using var timer = new PeriodicTimer(current.Interval, time);
        using IDisposable? subscription = options.OnChange(changed =>
        {
            if (changed.Interval != timer.Period)
            {
                timer.Period = changed.Interval;
                SamplingLog.IntervalChanged(logger, changed.Interval);
            }
        });

        SamplingLog.Started(logger, current.Interval);
        if (watchdog.Enabled && current.Interval > watchdog.Interval)
        {
            SamplingLog.IntervalTooLongForWatchdog(logger, current.Interval, watchdog.Timeout);
        }

        long ticks = 0;
        do
        {
            await HangWhileDebugFileExistsAsync(options.CurrentValue.DebugHangFile, stoppingToken);
            try
            {
                long started = time.GetTimestamp();
                ResourceMetrics snapshot = sampler.Sample();
                instruments?.SamplingTick.Stop(started);
                bus.Publish(snapshot);
                if (watchdog.Enabled)
                {
                    notifier.Notify("WATCHDOG=1");
                }

                if (options.CurrentValue.LogEachTick)
                {
                    SamplingLog.Tick(logger, TickLine.Temperature(snapshot), TickLine.Cpu(snapshot), TickLine.Memory(snapshot),
                        TickLine.Frequency(snapshot), snapshot.Cpu.Governor ?? "governor n/a", TickLine.Fan(snapshot), TickLine.Throttle(snapshot));
                }

                if (notifier.IsEnabled && ticks++ % StatusEveryTicks == 0)
                {
                    notifier.Notify("STATUS=" + TickLine.Status(snapshot));
                }
            }
            catch (Exception ex)
            {
                SamplingLog.TickFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>The watchdog test aid (<see cref="SamplingOptions.DebugHangFile"/>): no tick, so no ping, while the file exists.</summary>
    private async Task HangWhileDebugFileExistsAsync(string path, CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return;
        }

        SamplingLog.DebugHang(logger, path);
        try
        {
            while (File.Exists(path))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
