using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using PiTune.Profiles;

namespace PiTune.Configuration;

/// <summary>
/// Where a key's value came from (the file, an environment variable, the command line, PiTune's own flags), so a
/// problem is blamed on the place the user has to edit: a bad <c>--Sampling:Interval=abc</c> is not the file's fault.
/// </summary>
internal static class ConfigOrigins
{
    /// <summary>The source whose value for <paramref name="key"/> is in force (the last provider that has it), or null when none has it.</summary>
    public static string? Of(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        foreach (IConfigurationProvider provider in root.Providers.Reverse())
        {
            if (provider.TryGet(key, out _))
            {
                return Describe(provider, key);
            }
        }

        return null;
    }

    /// <summary><paramref name="problem"/> with " (from SOURCE)" for the key it names, when it names one that has a value.</summary>
    public static string Annotate(IConfiguration configuration, string problem)
    {
        string? key = KeyIn(configuration, problem);
        return key is not null && Of(configuration, key) is { } origin ? $"{problem} (from {origin})" : problem;
    }

    private static string Describe(IConfigurationProvider provider, string key) => provider switch
    {
        ConfigFileProvider file => file.Path,
        EnvironmentVariablesConfigurationProvider => "the environment: PITUNE_" + key.Replace(":", "__", StringComparison.Ordinal),
        CommandLineConfigurationProvider => "the command line: --" + key,
        MemoryConfigurationProvider => "PiTune's own flags (--root, --simulate)",
        ProfileConfigurationProvider profile => profile.Describe(),
        _ => provider.ToString() ?? "an unnamed source",
    };

    /// <summary>The longest key with a value that <paramref name="problem"/> names whole (so "Fan:Curve:1" is not "Fan:Curve:10").</summary>
    private static string? KeyIn(IConfiguration configuration, string problem)
    {
        string? best = null;
        foreach ((string key, string? value) in configuration.AsEnumerable())
        {
            if (value is null || (best is not null && key.Length <= best.Length))
            {
                continue;
            }

            int at = problem.IndexOf(key, StringComparison.OrdinalIgnoreCase);
            while (at >= 0)
            {
                int end = at + key.Length;
                bool wholeStart = at == 0 || !IsKeyChar(problem[at - 1]);
                bool wholeEnd = end == problem.Length || !IsKeyChar(problem[end]);
                if (wholeStart && wholeEnd)
                {
                    best = key;
                    break;
                }

                at = problem.IndexOf(key, at + 1, StringComparison.OrdinalIgnoreCase);
            }
        }

        return best;
    }

    private static bool IsKeyChar(char c) => char.IsLetterOrDigit(c) || c is ':' or '_';
}
