using Microsoft.Extensions.Logging;
using PiTune.Core.Faults;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;

namespace PiTune.Governor;

/// <summary>
/// Writes a tunable through the ledger only when the value read back differs from the one wanted: the same value
/// every tick is a wasted write (and on sysfs a wasted governor restart). When the kernel keeps a different value
/// than asked (it clamps or rounds), that pair is remembered and not asked again until either side changes.
/// A write that fails is logged once, then as a periodic summary, and its recovery (the next write that works).
/// Not thread-safe.
/// </summary>
internal sealed class TunableWriter(ITuningLedger ledger, TimeProvider time, ILogger logger)
{
    private readonly FaultTracker _faults = new(time);
    private readonly Dictionary<string, (string Wanted, string Held)> _adjusted = new(StringComparer.Ordinal);

    /// <summary>Makes <paramref name="tunable"/> hold <paramref name="wanted"/>; <paramref name="current"/> is its value now (null when unreadable).</summary>
    /// <returns>True when a write happened and succeeded.</returns>
    public bool Apply(string policy, Tunable tunable, string? current, string wanted, Func<string?> readBack)
    {
        string path = tunable.RelativePath;
        if (string.Equals(current, wanted, StringComparison.Ordinal))
        {
            // Nothing written, so nothing learnt about a failing write: a read-only file that happens to hold the
            // wanted value has not become writable, and saying "can be set again" would be false.
            _adjusted.Remove(path);
            return false;
        }

        if (current is not null && _adjusted.TryGetValue(path, out var held) && held.Wanted == wanted && held.Held == current)
        {
            return false;
        }

        WriteResult result = ledger.Write(tunable, wanted);
        Observe(path, wanted, result);
        if (!result.IsOk)
        {
            return false;
        }

        GovernorLog.Wrote(logger, policy, Path.GetFileName(path), wanted, current ?? "unreadable");
        if (readBack() is { } actual && !string.Equals(actual, wanted, StringComparison.Ordinal))
        {
            _adjusted[path] = (wanted, actual);
            GovernorLog.KernelAdjusted(logger, path, wanted, actual);
        }

        return true;
    }

    private void Observe(string path, string wanted, WriteResult result)
    {
        switch (_faults.Observe(path, Normalize(result.Status)))
        {
            case FaultTransition.Failed:
                GovernorLog.WriteFailed(logger, path, wanted, result.Describe());
                break;
            case FaultTransition.StillFailing:
                GovernorLog.WriteStillFailing(logger, path, _faults.FailureCount(path), _faults.FailingFor(path), result.Describe());
                break;
            case FaultTransition.Recovered:
                GovernorLog.WriteRecovered(logger, path, _faults.FailureCount(path), _faults.LastDownFor(path));
                break;
        }
    }

    // FaultTracker treats a first-seen Missing as "absent, say it quietly"; a tunable the machine listed cannot be absent,
    // so a failed write is always a failure worth one error line.
    private static ReadStatus Normalize(ReadStatus status) => status == ReadStatus.Missing ? ReadStatus.IoError : status;
}
