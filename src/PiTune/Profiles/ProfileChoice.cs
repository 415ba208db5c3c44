namespace PiTune.Profiles;

/// <summary>Which profile should be in force: a hand set until the schedule's next edge after it, else the schedule's window, else balanced.</summary>
internal static class ProfileChoice
{
    public static ActiveProfile Choose(HandSet? hand, IReadOnlyList<ProfileWindow> windows, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (hand is not null && (ProfileSchedule.NextEdge(windows, hand.At, zone) is not { } edge || edge > now))
        {
            return new ActiveProfile(hand.Name, $"set by hand at {TimeZoneInfo.ConvertTime(hand.At, zone):yyyy-MM-dd HH:mm}");
        }

        return ProfileSchedule.ActiveAt(windows, now, zone) is { } window
            ? new ActiveProfile(window.Profile, $"schedule {window.From}–{window.To}")
            : new ActiveProfile(BuiltInProfiles.Default, "default");
    }

    /// <summary>Whether the hand set still stands at <paramref name="now"/> (no schedule edge since it was made).</summary>
    public static bool HandSetStands(HandSet hand, IReadOnlyList<ProfileWindow> windows, DateTimeOffset now, TimeZoneInfo zone) =>
        ProfileSchedule.NextEdge(windows, hand.At, zone) is not { } edge || edge > now;
}
