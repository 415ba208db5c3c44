namespace PiTune.Inference.Backends;

/// <summary>The back-off between tries of the chip: the initial wait, doubled after each failed try, up to the maximum.</summary>
internal static class ChipRetryPolicy
{
    /// <param name="failures">Failed tries so far (1 after the first).</param>
    public static TimeSpan Delay(TimeSpan initial, TimeSpan max, int failures)
    {
        if (failures <= 1)
        {
            return initial <= max ? initial : max;
        }

        // 2^30 times even 100 ms is past any maximum: stop doubling before the ticks could overflow.
        int doublings = Math.Min(failures - 1, 30);
        double ticks = initial.Ticks * Math.Pow(2, doublings);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
