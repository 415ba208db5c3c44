namespace PiTune.Linux.Tuning;

/// <summary>Where PiTune keeps what it must remember across restarts (section <c>State</c>).</summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    /// <summary>Holds <c>ledger.json</c>, the original of every setting PiTune changed. Read at start only.</summary>
    public string Directory { get; set; } = "/var/lib/pitune";

    /// <summary>Put every original back on stop; false leaves PiTune's settings in place (a crash is still recovered at the next start).</summary>
    public bool RestoreOnStop { get; set; } = true;
}
