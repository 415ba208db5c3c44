using Microsoft.Extensions.Logging;
using PiTune.Core.Faults;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Linux.Files;

namespace PiTune.Linux.Tuning;

/// <summary>
/// The one way PiTune changes a kernel setting. Before the first write to a path its current value is read
/// and saved durably in <c>{State:Directory}/ledger.json</c>; only then is the new value written, so a crash
/// at any point leaves a ledger that knows every original. A setting whose value cannot be read or recorded
/// is never changed. Thread-safe: every call holds one lock, which also keeps record-then-write atomic.
/// </summary>
public sealed class TuningLedger : ITuningLedger
{
    private readonly Lock _gate = new();
    private readonly ISysFiles _files;
    private readonly LedgerStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<TuningLedger> _logger;

    // A state directory that cannot be written, or a tunable that cannot be read, lasts: every job asks again each
    // tick. Said once, then a summary every 10 minutes, and the recovery (the house rule for a repeating fault).
    private readonly FaultTracker _faults;

    // Recording order: restores run backwards, since a later setting can depend on an earlier one
    // (a fan pwm written after taking the thermal zone over from the kernel).
    private readonly List<LedgerEntry> _entries;
    private List<LedgerEntry> _leftovers;

    // Recorded but never written: the file already held the value asked for. Kept on disk (the governor job primes its
    // originals at start so its first real switch pays no fsync), but not listed as a change nor written back at stop.
    private readonly HashSet<string> _unwritten = new(StringComparer.Ordinal);

    private TuningLedger(ISysFiles files, LedgerStore store, TimeProvider time, ILogger<TuningLedger> logger, List<LedgerEntry> loaded)
    {
        _files = files;
        _store = store;
        _time = time;
        _logger = logger;
        _faults = new FaultTracker(time);
        _entries = loaded;
        _leftovers = [.. loaded];
    }

    /// <summary>The ledger file, for logs and tests.</summary>
    public string FilePath => _store.FilePath;

    public IReadOnlyList<LedgerEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Where(e => !_unwritten.Contains(e.RelativePath))];
            }
        }
    }

    /// <summary>
    /// Creates the state directory if needed and loads the ledger an earlier run left. Never throws for a bad
    /// state directory or ledger file: a corrupt ledger (or one written for another root) is renamed aside with an
    /// error log and the ledger starts empty; an unusable directory is logged and every change is then refused.
    /// </summary>
    public static TuningLedger Open(ISysFiles files, StateOptions options, TimeProvider time, ILogger<TuningLedger> logger)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);

        var store = new LedgerStore(options.Directory, time);
        try
        {
            store.EnsureDirectory();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TuningLog.StateDirectoryUnusable(logger, store.Directory, ex.Message);
        }

        return new TuningLedger(files, store, time, logger, Load(store, files.Root, logger));
    }

    /// <summary>
    /// Puts back what an unclean stop (crash, SIGKILL, power cut) left in the ledger; call at start, before any job
    /// writes. Logs one warning naming the settings. A setting that fails with anything but "gone" stays in the
    /// ledger, so its true original is kept (a later write does not record PiTune's own value as the original)
    /// and it is tried again at stop.
    /// </summary>
    public IReadOnlyList<WriteResult> RestoreLeftovers()
    {
        lock (_gate)
        {
            List<LedgerEntry> pending = _leftovers.Where(_entries.Contains).ToList();
            _leftovers = [];
            if (pending.Count == 0)
            {
                return [];
            }

            TuningLog.RestoringLeftovers(_logger, pending.Count, string.Join(", ", pending.Select(e => e.RelativePath)));
            return RestoreEntries(pending, dropFailures: false);
        }
    }

    public WriteResult Write(Tunable tunable, string value)
    {
        ArgumentNullException.ThrowIfNull(tunable);
        ArgumentNullException.ThrowIfNull(value);
        if (Normalize(tunable.RelativePath) is not { } path)
        {
            TuningLog.OutsideRoot(_logger, tunable.RelativePath, _files.Root);
            return new WriteResult(ReadStatus.Garbage, tunable.RelativePath, "not a path under the root; refused");
        }

        lock (_gate)
        {
            bool recorded = IndexOf(path) < 0;
            if (recorded && Record(path) is { } refused)
            {
                return refused;
            }

            // Written only when the file holds something else (docs/configuration.md): the same value is no change.
            if (recorded || _unwritten.Contains(path))
            {
                string current = recorded ? _entries[^1].OriginalValue : _files.ReadText(path) is { IsOk: true } now ? now.Value : "";
                if (string.Equals(current, value.TrimEnd('\n'), StringComparison.Ordinal))
                {
                    _unwritten.Add(path);
                    return WriteResult.Ok(path);
                }
            }

            bool wasUnwritten = _unwritten.Remove(path);
            WriteResult result = _files.WriteText(path, value);
            if (!result.IsOk && recorded)
            {
                ForgetIfUnchanged(path);
            }
            else if (!result.IsOk && wasUnwritten && _files.ReadText(path) is { IsOk: true } after
                && string.Equals(after.Value, _entries[IndexOf(path)].OriginalValue, StringComparison.Ordinal))
            {
                // Still never changed (the open failed): nothing to claim at stop.
                _unwritten.Add(path);
            }

            return result;
        }
    }

    public WriteResult Restore(Tunable tunable)
    {
        ArgumentNullException.ThrowIfNull(tunable);
        string path = Normalize(tunable.RelativePath) ?? tunable.RelativePath;
        lock (_gate)
        {
            int index = IndexOf(path);
            if (index >= 0 && _unwritten.Contains(path))
            {
                ForgetUnwritten([_entries[index]]);
                return WriteResult.Ok(path);
            }

            return index < 0
                ? WriteResult.Ok(path) // never changed, so already as found
                : RestoreEntries([_entries[index]], dropFailures: false)[0];
        }
    }

    /// <summary>
    /// Puts every original back, newest first, and empties the ledger. A setting that cannot be restored is
    /// logged at error level with its original value and dropped anyway: this is the last chance, and retrying
    /// at every start would only repeat the error; the log tells an admin what to set by hand.
    /// </summary>
    public IReadOnlyList<WriteResult> RestoreAll()
    {
        lock (_gate)
        {
            _leftovers = [];
            ForgetUnwritten(_entries.Where(e => _unwritten.Contains(e.RelativePath)).ToList());
            return _entries.Count == 0 ? [] : RestoreEntries([.. _entries], dropFailures: true);
        }
    }

    private static List<LedgerEntry> Load(LedgerStore store, string root, ILogger logger)
    {
        ReadResult<LedgerFile> loaded = store.Load();
        if (loaded.Status == ReadStatus.Missing)
        {
            return [];
        }

        if (loaded.IsOk && SameRoot(loaded.Value.Root, root))
        {
            return [.. loaded.Value.Entries];
        }

        if (loaded.Status == ReadStatus.IoError)
        {
            // Not garbage but unreadable (a directory in its place, EIO): what it holds is unknown, so it is neither
            // trusted nor moved; saving over it fails too, and each change is refused (said once) until it is fixed.
            TuningLog.LedgerCannotBeRead(logger, store.FilePath, loaded.Detail ?? "I/O error");
            return [];
        }

        try
        {
            if (loaded.IsOk)
            {
                // Restoring another tree's values here (a --root test run sharing the state directory) would corrupt this machine.
                TuningLog.LedgerOfOtherRoot(logger, store.FilePath, loaded.Value.Root, root, store.SetAside("other-root"));
            }
            else
            {
                TuningLog.LedgerUnreadable(logger, store.FilePath, loaded.Detail ?? loaded.Status.ToString(), store.SetAside("corrupt"));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TuningLog.SetAsideFailed(logger, store.FilePath, ex.Message);
        }

        return [];
    }

    private static bool SameRoot(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);

    /// <summary>Reads and durably records the original; returns the refusal when either fails.</summary>
    private WriteResult? Record(string path)
    {
        ReadResult<string> original = _files.ReadText(path);

        // A file first seen missing is still a refusal worth its one line here: a job only writes what the machine listed.
        switch (_faults.Observe(OriginalKey(path), original.IsOk ? ReadStatus.Ok : ReadStatus.IoError))
        {
            case FaultTransition.Failed:
                TuningLog.OriginalUnreadable(_logger, path, original.Describe());
                break;
            case FaultTransition.StillFailing:
                TuningLog.OriginalStillUnreadable(_logger, path, _faults.FailureCount(OriginalKey(path)), _faults.FailingFor(OriginalKey(path)), original.Describe());
                break;
        }

        if (!original.IsOk)
        {
            return new WriteResult(original.Status, path, $"the current value cannot be read ({original.Describe()}), so it could not be put back; not changed");
        }

        _entries.Add(new LedgerEntry(path, original.Value, _time.GetUtcNow()));
        try
        {
            Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Expected (a full disk, a state "directory" that is a file): a value, so no stack; the problem is the message.
            _entries.RemoveAt(_entries.Count - 1);
            switch (_faults.Observe(LedgerKey, ReadStatus.IoError))
            {
                case FaultTransition.Failed:
                    TuningLog.RecordFailed(_logger, path, _store.FilePath, ex.Message);
                    break;
                case FaultTransition.StillFailing:
                    TuningLog.RecordStillFailing(_logger, _store.FilePath, _faults.FailureCount(LedgerKey), _faults.FailingFor(LedgerKey), ex.Message);
                    break;
            }

            return new WriteResult(ReadStatus.IoError, path, $"the original could not be recorded in {_store.FilePath} ({ex.Message}); not changed");
        }

        if (_faults.Observe(LedgerKey, ReadStatus.Ok) == FaultTransition.Recovered)
        {
            TuningLog.RecordRecovered(_logger, _store.FilePath, _faults.FailureCount(LedgerKey), _faults.LastDownFor(LedgerKey));
        }

        TuningLog.Recorded(_logger, path, original.Value);
        return null;
    }

    /// <summary>
    /// After a failed first write: when the file still holds the original exactly (the open failed: a read-only
    /// mount, a directory, no permission), nothing changed, so nothing may be claimed at stop. When it does not
    /// (truncated, then the write failed), the entry stays so the original is put back.
    /// </summary>
    private void ForgetIfUnchanged(string path)
    {
        int index = IndexOf(path);
        if (index < 0 || _files.ReadText(path) is not { IsOk: true } now || !string.Equals(now.Value, _entries[index].OriginalValue, StringComparison.Ordinal))
        {
            return;
        }

        _entries.RemoveAt(index);
        try
        {
            Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The entry stays on disk: a later restore writes the value the file already holds, which is harmless.
        }
    }

    /// <summary>Drops entries whose file was never written: there is nothing to put back.</summary>
    private void ForgetUnwritten(List<LedgerEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        foreach (LedgerEntry entry in entries)
        {
            _entries.Remove(entry);
            _unwritten.Remove(entry.RelativePath);
        }

        try
        {
            Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left on disk, a leftover restore writes the value the file already holds, which is harmless.
        }
    }

    private string LedgerKey => _store.FilePath;

    private static string OriginalKey(string path) => "original of " + path;

    private List<WriteResult> RestoreEntries(List<LedgerEntry> entries, bool dropFailures)
    {
        var results = new List<WriteResult>(entries.Count);
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            LedgerEntry entry = entries[i];

            // Kernel attributes take a value the way echo writes it; the newline also reproduces a file exactly as /sys showed it.
            WriteResult result = _files.WriteText(entry.RelativePath, entry.OriginalValue + "\n");
            results.Add(result);
            if (result.IsOk)
            {
                TuningLog.Restored(_logger, entry.RelativePath, entry.OriginalValue);
            }
            else if (result.Status == ReadStatus.Missing)
            {
                TuningLog.RestoreTargetGone(_logger, entry.RelativePath, entry.OriginalValue);
            }
            else if (dropFailures)
            {
                TuningLog.RestoreFailedDropped(_logger, entry.RelativePath, entry.OriginalValue, result.Describe(), Path.Join(_files.Root, entry.RelativePath));
            }
            else
            {
                TuningLog.RestoreFailedKept(_logger, entry.RelativePath, entry.OriginalValue, result.Describe());
                continue;
            }

            _entries.Remove(entry);
        }

        try
        {
            Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TuningLog.SaveAfterRestoreFailed(_logger, _store.FilePath, ex);
        }

        return results;
    }

    private void Save() => _store.Save(new LedgerFile(LedgerFile.CurrentVersion, _files.Root, [.. _entries]));

    private int IndexOf(string path) => _entries.FindIndex(e => string.Equals(e.RelativePath, path, StringComparison.Ordinal));

    /// <summary>
    /// One spelling per file ("sys//x", "./sys/x" and "sys/x" alike), so a second write never records PiTune's own
    /// value as the original; null for a path that leaves the root.
    /// </summary>
    private string? Normalize(string relativePath)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_files.Root));
        string full = Path.GetFullPath(Path.Join(root, relativePath));
        return full.StartsWith(root + "/", StringComparison.Ordinal) || (root == "/" && full.Length > 1)
            ? Path.GetRelativePath(root, full)
            : null;
    }
}
