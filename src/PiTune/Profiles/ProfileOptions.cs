namespace PiTune.Profiles;

/// <summary>Section <c>Profiles</c>: where your own profiles are, and the schedule that picks one by time of day.</summary>
public sealed class ProfileOptions
{
    public const string SectionName = "Profiles";

    /// <summary>Your own profiles, <c>NAME.json</c>; empty: <c>profiles/</c> beside the configuration file (/etc/pitune/profiles).</summary>
    public string Directory { get; set; } = "";

    /// <summary>Windows of local time, each naming a profile; the first that holds the time wins, none: balanced.</summary>
    public List<ProfileWindow>? Schedule { get; set; }
}
