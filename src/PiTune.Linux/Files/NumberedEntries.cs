using System.Globalization;

namespace PiTune.Linux.Files;

/// <summary>Kernel directories numbered by the kernel (<c>policy0</c>, <c>thermal_zone10</c>), in numeric order.</summary>
internal static class NumberedEntries
{
    /// <summary>Entries named <paramref name="prefix"/> followed by digits only; <c>thermal_zone2</c> sorts before <c>thermal_zone10</c>.</summary>
    public static IReadOnlyList<string> List(ISysFiles files, string directory, string prefix) =>
        files.List(directory, prefix + "*")
            .Select(name => (Name: name, Number: NumberOf(name, prefix)))
            .Where(entry => entry.Number >= 0)
            .OrderBy(entry => entry.Number)
            .Select(entry => entry.Name)
            .ToArray();

    private static long NumberOf(string name, string prefix)
    {
        ReadOnlySpan<char> digits = name.AsSpan(prefix.Length);
        return digits.Length is > 0 and <= 9 && !digits.ContainsAnyExceptInRange('0', '9')
            ? long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
            : -1;
    }
}
