using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace PiTune.Configuration;

/// <summary>
/// The configuration file, read by <see cref="ConfigFileReader"/>. Unlike the stock JSON provider it never gives up
/// the content it last read well: a file saved with a syntax error, emptied or deleted leaves the keys as they were
/// and sets <see cref="Problem"/> (the stock one throws from <c>Reload()</c>, which killed the daemon on SIGHUP, or
/// empties itself, which applied every default). A watched file is read again once its changes settle, then
/// listeners hear of it either way, so a rejection is logged rather than silent.
/// </summary>
internal sealed class ConfigFileProvider : ConfigurationProvider, IDisposable
{
    /// <summary>Editors write in steps (truncate, write, rename); reading after the burst avoids judging a half-saved file.</summary>
    internal static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly ITimer? _settle;
    private readonly PhysicalFileProvider? _directory;
    private readonly IDisposable? _watch;
    private bool _loaded;
    private string? _problem;
    private (DateTime Modified, long Length) _stamp;

    public ConfigFileProvider(string path, bool watch, TimeProvider time)
    {
        Path = path;
        string? directory = System.IO.Path.GetDirectoryName(path);
        if (watch && directory is not null && Directory.Exists(directory))
        {
            _settle = time.CreateTimer(_ => ReloadAndNotify(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _directory = new PhysicalFileProvider(directory);
            string name = System.IO.Path.GetFileName(path);
            try
            {
                _watch = ChangeToken.OnChange(() => _directory.Watch(name), () => _settle.Change(SettleDelay, Timeout.InfiniteTimeSpan));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // inotify refused (fs.inotify.max_user_instances reached): SIGHUP still reloads, so the daemon runs on.
                WatchProblem = ex.Message;
            }
        }
    }

    /// <summary>True when saved edits are picked up by themselves.</summary>
    public bool IsWatched => _watch is not null;

    /// <summary>Why changes to the file are not watched (inotify refused), or null.</summary>
    public string? WatchProblem { get; }

    public string Path { get; }

    /// <summary>Why the file's current content is not in use (the keys are from the last good read), or null.</summary>
    public string? Problem
    {
        get
        {
            lock (_gate)
            {
                return _problem;
            }
        }
    }

    /// <summary>
    /// The file's modification time and length at the last read: several change events for one save (an editor's
    /// steps, a save spanning <see cref="SettleDelay"/>) read the same stamp, so the reload says its outcome once.
    /// </summary>
    public (DateTime Modified, long Length) Stamp
    {
        get
        {
            lock (_gate)
            {
                return _stamp;
            }
        }
    }

    public override void Load()
    {
        lock (_gate)
        {
            var info = new FileInfo(Path);
            _stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
            IDictionary<string, string?>? keys = ConfigFileReader.TryRead(Path, _loaded, out string? problem);
            _problem = problem;
            if (keys is not null)
            {
                Data = new Dictionary<string, string?>(keys, StringComparer.OrdinalIgnoreCase);
                _loaded = true;
            }
        }
    }

    private void ReloadAndNotify()
    {
        Load();
        OnReload();
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _settle?.Dispose();
        _directory?.Dispose();
    }

    public override string ToString() => $"{nameof(ConfigFileProvider)} for {Path}";
}
