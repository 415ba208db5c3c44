namespace PiTune.Profiles;

/// <summary>One <c>Profiles:Schedule</c> entry: <see cref="Profile"/> from <see cref="From"/> to <see cref="To"/>, local time, HH:mm (across midnight when To is earlier).</summary>
public sealed class ProfileWindow
{
    public string Profile { get; set; } = "";

    public string From { get; set; } = "";

    public string To { get; set; } = "";
}
