using PiTune.Core.Tuning;

namespace PiTune.Linux.Tuning;

/// <summary>The content of <c>ledger.json</c>: the root the paths are relative to, and every original in recording order.</summary>
internal sealed record LedgerFile(int Version, string Root, IReadOnlyList<LedgerEntry> Entries)
{
    /// <summary>Bumped on any change a previous PiTune could misread; an unknown version is set aside, never guessed at.</summary>
    public const int CurrentVersion = 1;
}
