namespace PiTune.Core.Tuning;

/// <summary>A tunable PiTune has changed, with the value it had before (exactly as read, trailing newline trimmed).</summary>
public sealed record LedgerEntry(string RelativePath, string OriginalValue, DateTimeOffset RecordedAt);
