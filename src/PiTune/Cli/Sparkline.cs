namespace PiTune.Cli;

/// <summary>The history of one reading as a row of block characters, newest at the right.</summary>
internal static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>
    /// The last <paramref name="width"/> values scaled from <paramref name="low"/> (▁) to <paramref name="high"/> (█),
    /// a missing reading as a space, right-aligned so the newest is always at the same place.
    /// </summary>
    public static string Render(IReadOnlyList<double?> values, int width, double low, double high)
    {
        if (width <= 0)
        {
            return "";
        }

        var chars = new char[width];
        Array.Fill(chars, ' ');
        int shown = Math.Min(width, values.Count);
        double range = high > low ? high - low : 1;
        for (int i = 0; i < shown; i++)
        {
            if (values[values.Count - shown + i] is { } v && double.IsFinite(v))
            {
                int level = (int)Math.Round((Math.Clamp(v, low, high) - low) / range * (Blocks.Length - 1));
                chars[width - shown + i] = Blocks[level];
            }
        }

        return new string(chars);
    }
}
