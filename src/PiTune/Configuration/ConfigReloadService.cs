using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using PiTune.Systemd;

namespace PiTune.Configuration;

/// <summary>
/// Applies configuration edits, from a file change or <c>systemctl reload</c> (SIGHUP): all sections are
/// bound and validated first; only if every one is good are they switched, and the log says what changed.
/// A bad edit is rejected with the reason and nothing changes.
/// </summary>
internal sealed class ConfigReloadService(
    IConfiguration configuration,
    IEnumerable<IReloadableOptions> sections,
    SdNotifier notifier,
    ILogger<ConfigReloadService> logger) : IHostedService, IDisposable
{
    private readonly IReloadableOptions[] _sections = sections.ToArray();
    private readonly Lock _gate = new();
    private Dictionary<string, string?> _lastGood = ConfigDiff.Flatten(configuration);
    private IDisposable? _changeSubscription;
    private PosixSignalRegistration? _sighup;
    private bool _reloadingFromSignal;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _changeSubscription = ChangeToken.OnChange(configuration.GetReloadToken, OnConfigurationChanged);
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSighup);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _sighup?.Dispose();
        _sighup = null;
        _changeSubscription?.Dispose();
        _changeSubscription = null;
    }

    private void OnSighup(PosixSignalContext context)
    {
        // Handled: SIGHUP must not terminate the daemon.
        context.Cancel = true;
        notifier.Notify($"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds()}");
        try
        {
            lock (_gate)
            {
                _reloadingFromSignal = true;
            }

            if (configuration is IConfigurationRoot root)
            {
                // Re-reads every source; the change token then fires OnConfigurationChanged on this thread.
                root.Reload();
            }
        }
        finally
        {
            lock (_gate)
            {
                _reloadingFromSignal = false;
            }

            notifier.Notify("READY=1");
        }
    }

    private void OnConfigurationChanged()
    {
        lock (_gate)
        {
            Apply(_reloadingFromSignal ? "SIGHUP" : "file change");
        }
    }

    /// <summary>Validates everything, then commits all or nothing. Internal for tests.</summary>
    internal bool Apply(string trigger)
    {
        try
        {
            var problems = new List<string>();
            bool ok = true;
            foreach (IReloadableOptions section in _sections)
            {
                ok &= section.TryPrepare(problems);
            }

            if (!ok)
            {
                foreach (IReloadableOptions section in _sections)
                {
                    section.Discard();
                }

                ConfigLog.Rejected(logger, trigger, string.Join("; ", problems));
                return false;
            }

            foreach (IReloadableOptions section in _sections)
            {
                section.Commit();
            }

            Dictionary<string, string?> now = ConfigDiff.Flatten(configuration);
            string changes = ConfigDiff.Describe(_lastGood, now);
            _lastGood = now;
            if (changes.Length == 0)
            {
                ConfigLog.Unchanged(logger, trigger);
            }
            else
            {
                ConfigLog.Reloaded(logger, trigger, changes);
            }

            return true;
        }
        catch (Exception ex)
        {
            ConfigLog.ReloadFailed(logger, trigger, ex);
            return false;
        }
    }

    // systemd wants CLOCK_MONOTONIC, which is what Stopwatch reads on Linux (not the simulator's scaled clock).
    private static long MonotonicMicroseconds() => System.Diagnostics.Stopwatch.GetTimestamp() * 1_000_000 / System.Diagnostics.Stopwatch.Frequency;
}
