using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using PiTune.Profiles;
using PiTune.Systemd;

namespace PiTune.Configuration;

/// <summary>
/// Applies configuration edits, from a file change or <c>systemctl reload</c> (SIGHUP): all sections are
/// bound and validated first; only if every one is good are they switched, and the log says what changed.
/// A bad edit, or a file that cannot be read (syntax error, empty, deleted), is rejected with the reason and
/// nothing changes; a change to a key read only at start is applied at the next start, and the log says so.
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
    private string? _lastRejection;
    private (DateTime, long)? _lastFileStamp = ConfigurationFactory.FileProvider(configuration)?.Stamp;

    private const string FileChange = "file change";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (ConfigurationFactory.FileProvider(configuration) is { WatchProblem: { } problem } file)
        {
            ConfigLog.NotWatched(logger, file.Path, problem);
        }
        else if (ConfigurationFactory.FileProvider(configuration) is { IsWatched: true } watched)
        {
            // `dotnet run` without --config reads the build output's copy of deploy/appsettings.json: editing the sample does nothing.
            string note = watched.Path.Contains("/bin/", StringComparison.Ordinal)
                ? " (a copy the build made; pass --config deploy/appsettings.json to run on the sample itself)"
                : "";
            ConfigLog.Watching(logger, watched.Path, note);
        }

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
        ReloadFromSignal();
    }

    /// <summary>What <c>systemctl reload</c> does: every source read again, then applied or rejected. Internal for tests.</summary>
    internal void ReloadFromSignal()
    {
        notifier.Notify($"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds()}");
        try
        {
            lock (_gate)
            {
                _reloadingFromSignal = true;
            }

            if (configuration is IConfigurationRoot root)
            {
                // Re-reads every source. The change token it fires is not relied on: when a file-change apply is still
                // running, that thread re-registers on the token only afterwards and would take this reload for a file
                // change (and say nothing of a fault it said already), so SIGHUP applies and answers here itself.
                root.Reload();
            }

            lock (_gate)
            {
                _reloadingFromSignal = false;
                Apply("SIGHUP");
            }
        }
        catch (Exception ex)
        {
            // The configuration file's own faults are values (ConfigFileProvider); this is another source failing.
            // An exception escaping a signal handler ends the process without restoring anything, so it stops here.
            ConfigLog.ReloadFailed(logger, "SIGHUP", ex);
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
            // During a SIGHUP's re-read: that reload applies once it is done (ReloadFromSignal).
            if (!_reloadingFromSignal)
            {
                Apply(FileChange);
            }
        }
    }

    /// <summary>Validates everything, then commits all or nothing. Internal for tests.</summary>
    internal bool Apply(string trigger)
    {
        try
        {
            // A file that cannot be read (syntax error, empty, deleted, a directory) is not "every key removed":
            // its provider still holds the last good keys, and nothing is bound from it.
            if (ConfigurationFactory.FileProvider(configuration)?.Problem is { } fileProblem)
            {
                Reject(trigger, fileProblem);
                return false;
            }

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

                // The binder stops at a section's first error; the checker lists every one, in words.
                List<string> all = ConfigChecker.Check(configuration);
                Reject(trigger, string.Join("; ", all.Count > 0 ? all : problems));
                return false;
            }

            foreach (IReloadableOptions section in _sections)
            {
                section.Commit();
            }

            _lastRejection = null;
            Dictionary<string, string?> now = ConfigDiff.Flatten(configuration);
            string changes = ConfigDiff.Describe(_lastGood, now);
            _lastGood = now;
            // A second change event for the same save (same file stamp) has nothing new to say; SIGHUP always answers.
            (DateTime, long)? stamp = ConfigurationFactory.FileProvider(configuration)?.Stamp;
            bool sameSave = trigger == FileChange && stamp == _lastFileStamp;
            _lastFileStamp = stamp;
            if (changes.Length == 0)
            {
                if (!sameSave)
                {
                    ConfigLog.Unchanged(logger, trigger);
                }
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

    /// <summary>
    /// Lays <paramref name="profile"/> over the configuration and applies it like a reload: checked whole first (each
    /// problem named with its source, the profile's file included), then all or nothing; refused, the profile before it
    /// stays laid over and nothing changes.
    /// </summary>
    internal ProfileSwitch SwitchProfile(ProfileLoad profile, string trigger)
    {
        ProfileConfigurationProvider overlay = ConfigurationFactory.ProfileProvider(configuration)
            ?? throw new InvalidOperationException("the configuration has no profile provider");
        lock (_gate)
        {
            (string name, string origin, IReadOnlyDictionary<string, string?> keys) = (overlay.Name, overlay.Origin, overlay.Keys);
            overlay.Set(profile.Name, profile.Origin, profile.Keys!);
            List<string> problems = ConfigChecker.Check(configuration).Select(p => ConfigOrigins.Annotate(configuration, p)).ToList();
            if (problems.Count > 0 || !Apply(trigger))
            {
                overlay.Set(name, origin, keys);
                string said = problems.Count > 0 ? string.Join("; ", problems) : "the configuration was refused (see the log line before)";
                if (problems.Count > 0)
                {
                    ConfigLog.Rejected(logger, trigger, said);
                }

                return new ProfileSwitch(false, false, said);
            }

            return ProfileSwitch.Done;
        }
    }

    private void Reject(string trigger, string problems)
    {
        // An editor can fire several change events for one save; the same fault is said once. SIGHUP always answers.
        if (trigger == FileChange && string.Equals(problems, _lastRejection, StringComparison.Ordinal))
        {
            return;
        }

        _lastRejection = problems;
        ConfigLog.Rejected(logger, trigger, problems);
    }

    // systemd wants CLOCK_MONOTONIC, which is what Stopwatch reads on Linux (not the simulator's scaled clock).
    private static long MonotonicMicroseconds() => System.Diagnostics.Stopwatch.GetTimestamp() * 1_000_000 / System.Diagnostics.Stopwatch.Frequency;
}
