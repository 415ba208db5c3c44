namespace PiTune.Logging;

/// <summary>
/// Whether to log to the journal: systemd sets <c>JOURNAL_STREAM</c> for a unit whose output goes to the
/// journal, and the journal's socket must be there. Run by hand in a terminal, PiTune logs to the console.
/// </summary>
internal static class JournalDetection
{
    public static bool ShouldUseJournal(string socketPath) =>
        ShouldUseJournal(socketPath, Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

    public static bool ShouldUseJournal(string socketPath, string? journalStream) =>
        !string.IsNullOrEmpty(journalStream) && File.Exists(socketPath);
}
