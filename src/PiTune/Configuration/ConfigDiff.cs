using Microsoft.Extensions.Configuration;

namespace PiTune.Configuration;

/// <summary>The flattened key/value view of a configuration, to say what an edit changed.</summary>
internal static class ConfigDiff
{
    public static Dictionary<string, string?> Flatten(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>"Sampling:Interval 00:00:01 → 00:00:00.5; Api:SocketPath "/a" → "/b" (applies at next start)".</summary>
    public static string Describe(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        var changes = new List<string>();
        foreach ((string key, string? value) in after.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!before.TryGetValue(key, out string? old))
            {
                changes.Add($"{key} set to \"{value}\"{When(key)}");
            }
            else if (!string.Equals(old, value, StringComparison.Ordinal))
            {
                changes.Add($"{key} \"{old}\" → \"{value}\"{When(key)}");
            }
        }

        foreach (string key in before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.OrdinalIgnoreCase))
        {
            changes.Add($"{key} removed (was \"{before[key]}\"; the default applies{(StartOnlyKeys.Contains(key) ? " at next start" : "")})");
        }

        return string.Join("; ", changes);
    }

    private static string When(string key) => StartOnlyKeys.Contains(key) ? " (applies at next start)" : "";
}
