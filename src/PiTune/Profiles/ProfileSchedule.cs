namespace PiTune.Profiles;

/// <summary>
/// <c>Profiles:Schedule</c> as pure functions of an instant and a time zone. Windows are local wall-clock times; an
/// edge that falls in a spring-forward gap happens at the first local time after the gap, and one in a fall-back hour
/// at its first occurrence, so every edge happens exactly once a day whatever the clocks do.
/// </summary>
internal static class ProfileSchedule
{
    /// <summary>The first window holding <paramref name="at"/>'s local time of day, or null.</summary>
    public static ProfileWindow? ActiveAt(IReadOnlyList<ProfileWindow> windows, DateTimeOffset at, TimeZoneInfo zone)
    {
        TimeOnly now = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        foreach (ProfileWindow w in windows)
        {
            if (!ProfileOptionsValidator.TryParseTime(w.From, out TimeOnly from) || !ProfileOptionsValidator.TryParseTime(w.To, out TimeOnly to))
            {
                continue;
            }

            bool inside = from < to ? now >= from && now < to : now >= from || now < to;
            if (inside)
            {
                return w;
            }
        }

        return null;
    }

    /// <summary>The first window edge strictly after <paramref name="after"/>, or null when there are no windows.</summary>
    public static DateTimeOffset? NextEdge(IReadOnlyList<ProfileWindow> windows, DateTimeOffset after, TimeZoneInfo zone)
    {
        DateTime today = TimeZoneInfo.ConvertTime(after, zone).Date;
        DateTimeOffset? next = null;
        foreach (ProfileWindow w in windows)
        {
            foreach (string edge in (ReadOnlySpan<string>)[w.From, w.To])
            {
                if (!ProfileOptionsValidator.TryParseTime(edge, out TimeOnly time))
                {
                    continue;
                }

                for (int day = -1; day <= 2; day++)
                {
                    DateTimeOffset instant = Instant(today.AddDays(day) + time.ToTimeSpan(), zone);
                    if (instant > after && (next is null || instant < next))
                    {
                        next = instant;
                    }
                }
            }
        }

        return next;
    }

    /// <summary>The instant a local wall-clock time happens (see the class remarks for gaps and repeated hours).</summary>
    internal static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        TimeSpan offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
