namespace PiTune.Configuration;

/// <summary>Which configuration file is in use and why ("--config", "/etc/pitune", "beside the binary", or none).</summary>
internal sealed record ConfigSource(string? Path, string Origin)
{
    public const string SystemPath = "/etc/pitune/appsettings.json";

    /// <summary>The file to read: <paramref name="explicitPath"/>, else /etc/pitune/appsettings.json, else the one beside the binary.</summary>
    public static ConfigSource Resolve(string? explicitPath) =>
        Resolve(explicitPath, SystemPath, System.IO.Path.Join(AppContext.BaseDirectory, "appsettings.json"));

    /// <summary>
    /// As <see cref="Resolve(string?)"/> with the two default places given (for tests). Something other than a file at a
    /// default place (a directory) is still chosen, so the start says what is wrong with it instead of quietly
    /// reading the next place.
    /// </summary>
    internal static ConfigSource Resolve(string? explicitPath, string systemPath, string besidePath)
    {
        if (explicitPath is not null)
        {
            return new ConfigSource(System.IO.Path.GetFullPath(explicitPath), "--config");
        }

        if (Exists(systemPath))
        {
            return new ConfigSource(systemPath, "system configuration");
        }

        return Exists(besidePath)
            ? new ConfigSource(besidePath, "beside the binary")
            : new ConfigSource(null, "built-in defaults (no configuration file found)");
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    public override string ToString() => Path is null ? Origin : $"{Path} ({Origin})";
}
