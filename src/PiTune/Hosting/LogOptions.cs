namespace PiTune.Hosting;

/// <summary>Where logs go (section <c>Log</c>); levels are set in the <c>Serilog</c> section (<c>MinimumLevel</c>).</summary>
internal sealed class LogOptions
{
    public const string SectionName = "Log";

    /// <summary><c>Auto</c>: the journal when running under systemd (journal socket present and JOURNAL_STREAM set), else the console.</summary>
    public LogTarget Target { get; set; } = LogTarget.Auto;

    public string JournalSocket { get; set; } = "/run/systemd/journal/socket";
}
