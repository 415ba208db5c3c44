using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Faults;
using PiTune.Core.Metrics;
using PiTune.Core.Sampling;
using PiTune.Systemd;
using PiTune.Telemetry;

namespace PiTune.Sampling;

/// <summary>
/// The sampling loop: one snapshot per tick, published on the bus. It also pings the systemd watchdog, so a hung loop
/// stops the pings and systemd restarts the daemon.
/// <para>
/// Each sample runs on <see cref="SamplingThread"/>, and the loop waits for it no longer than the next tick. A sample
/// that has not returned after <see cref="StallTimeout"/> (a sysfs read blocked in its driver) is said once, naming the
/// file; from then on each tick publishes a stale snapshot (no readings, <see cref="ResourceMetrics.Stale"/>) so the other
/// jobs act as blind rather than on old figures, and the watchdog is no longer pinged: a daemon whose sensors have
/// stopped cannot do its job, and systemd's restart (the ledger puts every setting back at the next start) is the
/// way out of a read that never returns. Stop never waits for the stuck read.
/// </para>
/// </summary>
internal sealed class SamplerService(
    Sampler sampler,
    IMetricsBus bus,
    IOptionsMonitor<SamplingOptions> options,
    SdNotifier notifier,
    WatchdogSettings watchdog,
    TimeProvider time,
    ILogger<SamplerService> logger,
    PiTuneInstruments? instruments = null,
    WatchedSysFiles? reads = null,
    Profiles.ProfileService? profiles = null,
    SnapshotHistory? history = null) : BackgroundService
{
    /// <summary>
    /// How long a sample may take before the snapshot is called stale. A sysfs or procfs read takes microseconds and a
    /// slow I2C sensor tens of milliseconds; 5 s is far past any healthy read and well inside systemd's watchdog (30 s
    /// in the shipped unit), so the reason is in the journal before systemd acts.
    /// </summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(5);

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

        using var thread = new SamplingThread(sampler.Sample, reads is null ? null : reads.WatchCurrentThread);
        long ticks = 0;
        Task<ResourceMetrics>? pending = null;
        long pendingSince = 0;
        string? stall = null;
        bool stallSaid = false;
        long stalls = 0;
        DateTimeOffset? stallSaidAt = null;
        ResourceMetrics? last = null;
        Task<bool>? nextTick = null;
        do
        {
            if (pending is null)
            {
                await HangWhileDebugFileExistsAsync(options.CurrentValue.DebugHangFile, stoppingToken);
                pendingSince = time.GetTimestamp();
                pending = thread.Next();
            }

            if (!pending.IsCompleted)
            {
                // The timer's tick is already armed, so waiting on both loses no tick and never waits past it.
                nextTick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                await Task.WhenAny(pending, nextTick).ConfigureAwait(false);
            }

            if (pending.IsCompleted)
            {
                Task<ResourceMetrics> done = pending;
                pending = null;
                if (stall is not null)
                {
                    if (stallSaid)
                    {
                        SamplingLog.StallEnded(logger, stall, time.GetElapsedTime(pendingSince));
                    }

                    stall = null;
                }

                if (done.IsFaulted)
                {
                    SamplingLog.TickFailed(logger, done.Exception.InnerException ?? done.Exception);
                }
                else
                {
                    instruments?.SamplingTick.Stop(pendingSince);
                    last = done.Result;
                    Publish(last, ref ticks);
                }
            }
            else if (time.GetElapsedTime(pendingSince) >= StallTimeout)
            {
                if (stall is null)
                {
                    stall = reads?.Reading is { } path ? "reading " + reads.FullPath(path) : "a sampling step outside any file read";
                    stalls++;

                    // A sensor whose every read hangs for seconds and then returns stalls again and again: said once,
                    // then at most once per summary interval with the count, like any other repeating fault.
                    DateTimeOffset now = time.GetUtcNow();
                    stallSaid = stallSaidAt is null || now - stallSaidAt >= FaultTracker.DefaultSummaryInterval;
                    if (stallSaid)
                    {
                        string consequence = watchdog.Enabled ? "; the systemd watchdog is no longer pinged, so systemd restarts PiTune" : "";
                        if (stallSaidAt is null)
                        {
                            SamplingLog.Stalled(logger, stall, StallTimeout.TotalSeconds, consequence);
                        }
                        else
                        {
                            SamplingLog.StalledAgain(logger, stall, StallTimeout.TotalSeconds, stalls, consequence);
                        }

                        stallSaidAt = now;
                    }

                    notifier.Notify($"STATUS=sampling stuck: {stall} has not returned; snapshot stale"
                        + (watchdog.Enabled ? ", watchdog not pinged" : ""));
                }

                string reason = $"{stall} has not returned for {Math.Floor(time.GetElapsedTime(pendingSince).TotalSeconds)} s";
                ResourceMetrics stale = sampler.Stale(last, reason);
                bus.Publish(stale);
                history?.Record(stale);
                if (options.CurrentValue.LogEachTick)
                {
                    LogTick(stale);
                }
            }

            nextTick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
            bool more = await WaitAsync(nextTick);
            nextTick = null;
            if (!more)
            {
                break;
            }
        }
        while (!stoppingToken.IsCancellationRequested);
    }

    private void Publish(ResourceMetrics snapshot, ref long ticks)
    {
        try
        {
            bus.Publish(snapshot);
            history?.Record(snapshot);
            if (watchdog.Enabled)
            {
                notifier.Notify("WATCHDOG=1");
            }

            if (options.CurrentValue.LogEachTick)
            {
                LogTick(snapshot);
            }

            if (notifier.IsEnabled && ticks++ % StatusEveryTicks == 0)
            {
                notifier.Notify("STATUS=" + TickLine.Status(snapshot) + (profiles is null ? "" : ", profile " + profiles.Active.Name));
            }
        }
        catch (Exception ex)
        {
            SamplingLog.TickFailed(logger, ex);
        }
    }

    private void LogTick(ResourceMetrics snapshot) =>
        SamplingLog.Tick(logger, TickLine.Temperature(snapshot), TickLine.Cpu(snapshot), TickLine.Memory(snapshot),
            TickLine.Frequency(snapshot), snapshot.Cpu.Governor ?? "governor n/a", TickLine.Fan(snapshot), TickLine.Throttle(snapshot),
            TickLine.Chip(snapshot));

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

    private static async Task<bool> WaitAsync(Task<bool> tick)
    {
        try
        {
            return await tick.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
