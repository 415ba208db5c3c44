using Microsoft.Extensions.Configuration;

namespace PiTune.Configuration;

/// <summary>
/// Builds the daemon's configuration, later sources overriding earlier ones: the JSON file (reloaded
/// on change), environment variables prefixed <c>PITUNE_</c> (<c>PITUNE_Sampling__Interval</c>),
/// the values PiTune's own flags imply, then <c>--Section:Key=value</c> arguments.
/// </summary>
internal static class ConfigurationFactory
{
    /// <summary>Builds the configuration, or returns null with the reason (missing file, JSON syntax error with its line).</summary>
    public static ConfigurationManager? TryBuild(
        ConfigSource source,
        IReadOnlyDictionary<string, string?> flagValues,
        IReadOnlyList<string> configArgs,
        bool reloadOnChange,
        out string? error)
    {
        error = null;
        var configuration = new ConfigurationManager();
        try
        {
            if (source.Path is not null)
            {
                if (!File.Exists(source.Path))
                {
                    error = $"configuration file {source.Path} does not exist";
                    return null;
                }

                string directory = Path.GetDirectoryName(source.Path)!;
                configuration.SetBasePath(directory);
                configuration.AddJsonFile(Path.GetFileName(source.Path), optional: false, reloadOnChange: reloadOnChange);
            }

            configuration.AddEnvironmentVariables("PITUNE_");
            configuration.AddInMemoryCollection(flagValues);
            configuration.AddCommandLine([.. configArgs]);
            return configuration;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            configuration.Dispose();
            error = $"cannot read configuration {source}: {ex.Message}{(ex.InnerException is { } inner ? " " + inner.Message : string.Empty)}";
            return null;
        }
    }
}
