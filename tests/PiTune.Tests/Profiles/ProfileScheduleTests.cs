using PiTune.Profiles;

namespace PiTune.Tests.Profiles;

/// <summary>Schedule windows in local time: across midnight, and across both of Berlin's DST changes.</summary>
public sealed class ProfileScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly ProfileWindow[] Nights = [new() { Profile = "quiet", From = "22:00", To = "07:00" }];

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        ProfileSchedule.Instant(new DateTime(year, month, day, hour, minute, 0), Berlin);

    [Theory]
    [InlineData(21, 59, null)]
    [InlineData(22, 0, "quiet")]
    [InlineData(23, 30, "quiet")]
    [InlineData(3, 0, "quiet")]
    [InlineData(6, 59, "quiet")]
    [InlineData(7, 0, null)]
    [InlineData(12, 0, null)]
    public void A_window_across_midnight_holds_from_its_start_to_its_end(int hour, int minute, string? expected) =>
        Assert.Equal(expected, ProfileSchedule.ActiveAt(Nights, Local(2026, 6, 10, hour, minute), Berlin)?.Profile);

    [Fact]
    public void The_next_edge_after_an_evening_is_that_nights_start_then_the_mornings_end()
    {
        DateTimeOffset evening = Local(2026, 6, 10, 18, 0);
        DateTimeOffset start = ProfileSchedule.NextEdge(Nights, evening, Berlin)!.Value;
        Assert.Equal(Local(2026, 6, 10, 22, 0), start);
        Assert.Equal(Local(2026, 6, 11, 7, 0), ProfileSchedule.NextEdge(Nights, start, Berlin));
    }

    [Fact]
    public void On_the_night_the_clocks_go_forward_the_window_is_one_hour_shorter_and_each_edge_happens_once()
    {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST.
        DateTimeOffset start = Local(2026, 3, 28, 22, 0);
        DateTimeOffset end = ProfileSchedule.NextEdge(Nights, start, Berlin)!.Value;
        Assert.Equal(Local(2026, 3, 29, 7, 0), end);
        Assert.Equal(TimeSpan.FromHours(8), end - start);
        Assert.Equal(TimeSpan.FromHours(2), end.Offset);
    }

    [Fact]
    public void On_the_night_the_clocks_go_back_the_window_is_one_hour_longer_and_each_edge_happens_once()
    {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        DateTimeOffset start = Local(2026, 10, 24, 22, 0);
        DateTimeOffset end = ProfileSchedule.NextEdge(Nights, start, Berlin)!.Value;
        Assert.Equal(TimeSpan.FromHours(10), end - start);
        Assert.Equal("quiet", ProfileSchedule.ActiveAt(Nights, start.AddHours(9.5), Berlin)?.Profile);
    }

    [Fact]
    public void An_edge_inside_the_skipped_hour_happens_at_the_first_time_after_it_and_one_in_the_repeated_hour_at_its_first_occurrence()
    {
        ProfileWindow[] early = [new() { Profile = "powersave", From = "02:30", To = "05:00" }];
        DateTimeOffset spring = ProfileSchedule.NextEdge(early, Local(2026, 3, 29, 0, 0), Berlin)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), spring);

        DateTimeOffset autumn = ProfileSchedule.NextEdge(early, Local(2026, 10, 25, 0, 0), Berlin)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)), autumn);
        Assert.NotEqual(autumn, ProfileSchedule.NextEdge(early, autumn, Berlin));
        Assert.True(ProfileSchedule.NextEdge(early, autumn, Berlin) > autumn.AddHours(2));
    }

    [Fact]
    public void A_hand_set_wins_until_the_next_window_edge_then_the_schedule_decides()
    {
        var hand = new HandSet("throughput", Local(2026, 6, 10, 23, 0));

        Assert.Equal("throughput", ProfileChoice.Choose(hand, Nights, Local(2026, 6, 11, 6, 59), Berlin).Name);
        Assert.Equal("balanced", ProfileChoice.Choose(hand, Nights, Local(2026, 6, 11, 7, 0), Berlin).Name);
        Assert.Equal("quiet", ProfileChoice.Choose(null, Nights, Local(2026, 6, 11, 23, 0), Berlin).Name);
        Assert.Equal("default", ProfileChoice.Choose(null, [], Local(2026, 6, 11, 23, 0), Berlin).Reason);
    }
}
