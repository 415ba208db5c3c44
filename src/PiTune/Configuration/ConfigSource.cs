namespace PiTune.Configuration;

/// <summary>Which configuration file is in use and why ("--config", "/etc/pitune", "beside the binary", or none).</summary>
internal sealed record ConfigSource(string? Path, string Origin)
{
    public const string SystemPath = "/etc/pitune/appsettings.json";

    /// <summary>The file to read: <paramref name="explicitPath"/>, else /etc/pitune/appsettings.json, else the one beside the binary.</summary>
    public static ConfigSource Resolve(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return new ConfigSource(System.IO.Path.GetFullPath(explicitPath), "--config");
        }

        if (File.Exists(SystemPath))
        {
            return new ConfigSource(SystemPath, "system configuration");
        }

        string beside = System.IO.Path.Join(AppContext.BaseDirectory, "appsettings.json");
        return File.Exists(beside)
            ? new ConfigSource(beside, "beside the binary")
            : new ConfigSource(null, "built-in defaults (no configuration file found)");
    }

    public override string ToString() => Path is null ? Origin : $"{Path} ({Origin})";
}
