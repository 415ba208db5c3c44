using PiTune.Core.Platform;

namespace PiTune.Core.Tuning;

/// <summary>
/// The one way any job changes a kernel setting. Before the first write to a tunable the original
/// value is recorded durably in the state directory; <see cref="RestoreAll"/> puts every original back.
/// </summary>
public interface ITuningLedger
{
    /// <summary>Records the original (first time only), then writes <paramref name="value"/>.</summary>
    WriteResult Write(Tunable tunable, string value);

    /// <summary>Puts one tunable's original back and forgets it (e.g. a job handing a setting back to the kernel).</summary>
    WriteResult Restore(Tunable tunable);

    /// <summary>Puts every original back and empties the ledger; returns one result per entry.</summary>
    IReadOnlyList<WriteResult> RestoreAll();

    /// <summary>What PiTune has changed: each tunable with its original value.</summary>
    IReadOnlyList<LedgerEntry> Entries { get; }
}
