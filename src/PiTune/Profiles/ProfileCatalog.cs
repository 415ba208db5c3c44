using System.Text.RegularExpressions;
using PiTune.Configuration;

namespace PiTune.Profiles;

/// <summary>
/// The profiles there are: the built-ins and <c>NAME.json</c> files in the profiles directory (a file with a built-in's
/// name replaces it). A file is read like appsettings.json (its faults are values, in words); whether its keys are
/// good is for <see cref="ConfigChecker"/> with the profile laid over the rest of the configuration.
/// </summary>
internal sealed partial class ProfileCatalog(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The profiles directory for a configuration file: <c>Profiles:Directory</c>, else <c>profiles/</c> beside the file (/etc/pitune/profiles).</summary>
    public static ProfileCatalog For(string? configuredDirectory, string? configFile) =>
        new(!string.IsNullOrWhiteSpace(configuredDirectory)
            ? Path.GetFullPath(configuredDirectory)
            : Path.Join(Path.GetDirectoryName(configFile ?? ConfigSource.SystemPath) ?? "/etc/pitune", "profiles"));

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Every profile's name and origin ("built-in" or its file), sorted.</summary>
    public IReadOnlyList<(string Name, string Origin)> List()
    {
        var all = BuiltInProfiles.All.Keys.ToDictionary(n => n, _ => "built-in", StringComparer.Ordinal);
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
                {
                    string name = Path.GetFileNameWithoutExtension(file);
                    if (IsValidName(name))
                    {
                        all[name] = file;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable directory lists the built-ins; `profile set` of a file profile then names the fault.
        }

        return [.. all.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];
    }

    /// <summary>The profile <paramref name="name"/>: its file if there is one, else the built-in; a problem in words otherwise.</summary>
    public ProfileLoad Load(string name)
    {
        if (!IsValidName(name))
        {
            return new ProfileLoad(name, "", null, $"\"{name}\" is not a profile name (letters, digits, - and _)");
        }

        string file = Path.Join(Directory, name + ".json");
        if (File.Exists(file) || System.IO.Directory.Exists(file))
        {
            IDictionary<string, string?>? keys = ConfigFileReader.TryRead(file, loadedBefore: false, out string? problem);
            if (keys is null)
            {
                return new ProfileLoad(name, file, null, (problem ?? "cannot be read").Replace("configuration file", "profile", StringComparison.Ordinal));
            }

            if (keys.Keys.FirstOrDefault(k => k.StartsWith(ProfileOptions.SectionName + ":", StringComparison.OrdinalIgnoreCase) || k.Equals(ProfileOptions.SectionName, StringComparison.OrdinalIgnoreCase)) is { } own)
            {
                return new ProfileLoad(name, file, null, $"'{own}' in profile {file}: a profile cannot set Profiles keys (they belong in appsettings.json)");
            }

            return new ProfileLoad(name, file, new Dictionary<string, string?>(keys, StringComparer.OrdinalIgnoreCase), null);
        }

        if (BuiltInProfiles.All.TryGetValue(name, out IReadOnlyDictionary<string, string?>? builtIn))
        {
            return new ProfileLoad(name, "built-in", builtIn, null);
        }

        return new ProfileLoad(name, "", null,
            $"no profile \"{name}\" (built-in: {string.Join(", ", BuiltInProfiles.All.Keys)}; your own: {Directory}/NAME.json)");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
