using Microsoft.Extensions.Configuration;
using PiTune.Profiles;

namespace PiTune.Configuration;

/// <summary>
/// Builds the daemon's configuration, later sources overriding earlier ones: the JSON file (reloaded
/// on change, its last good content kept when an edit is bad), environment variables prefixed <c>PITUNE_</c> (<c>PITUNE_Sampling__Interval</c>),
/// the values PiTune's own flags imply, then <c>--Section:Key=value</c> arguments.
/// </summary>
internal static class ConfigurationFactory
{
    /// <summary>Builds the configuration, or returns null with the reason (missing, a directory, unreadable, empty, JSON syntax error with its line and column).</summary>
    public static ConfigurationManager? TryBuild(
        ConfigSource source,
        IReadOnlyDictionary<string, string?> flagValues,
        IReadOnlyList<string> configArgs,
        bool reloadOnChange,
        out string? error)
    {
        error = null;
        var configuration = new ConfigurationManager();
        if (source.Path is not null)
        {
            // Read once here (ConfigurationManager loads a source as it is added); a bad file refuses the start.
            configuration.Sources.Add(new ConfigFileSource(source.Path, reloadOnChange, TimeProvider.System));
            if (FileProvider(configuration)?.Problem is { } problem)
            {
                configuration.Dispose();
                error = problem;
                return null;
            }
        }

        // The active profile's keys: over the file, under the environment and the command line (set by ProfileStartup).
        configuration.Sources.Add(new ProfileConfigurationSource(new ProfileConfigurationProvider()));
        configuration.AddEnvironmentVariables("PITUNE_");
        configuration.AddInMemoryCollection(flagValues);
        configuration.AddCommandLine([.. configArgs]);
        return configuration;
    }

    /// <summary>The active profile's provider in <paramref name="configuration"/>.</summary>
    public static ProfileConfigurationProvider? ProfileProvider(IConfiguration configuration) =>
        configuration is IConfigurationRoot root ? root.Providers.OfType<ProfileConfigurationProvider>().FirstOrDefault() : null;

    /// <summary>The configuration file's provider in <paramref name="configuration"/>, if it reads one.</summary>
    public static ConfigFileProvider? FileProvider(IConfiguration configuration) =>
        configuration is IConfigurationRoot root ? root.Providers.OfType<ConfigFileProvider>().FirstOrDefault() : null;
}
