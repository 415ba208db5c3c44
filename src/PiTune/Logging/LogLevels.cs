using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace PiTune.Logging;

/// <summary>
/// The levels in the <c>Serilog</c> section: <c>Serilog:MinimumLevel</c> as one level, or as
/// <c>MinimumLevel:Default</c> and <c>MinimumLevel:Override:&lt;namespace&gt;</c>. Read by PiTune itself, not by
/// Serilog.Settings.Configuration, which finds sinks and enrichers by reflection over assemblies on disk and so cannot run
/// in the Native AOT binary (docs/packaging.md). Only levels are configurable here; sinks are PiTune's own (<c>Log</c>).
/// </summary>
internal sealed class LogLevels
{
    public const string SectionName = "Serilog";

    private LogLevels(LogEventLevel level, IReadOnlyList<KeyValuePair<string, LogEventLevel>> overrides)
    {
        Default = level;
        Overrides = overrides;
    }

    public LogEventLevel Default { get; }

    /// <summary>Per-namespace levels: "Microsoft" and "System" at Warning unless the configuration says otherwise.</summary>
    public IReadOnlyList<KeyValuePair<string, LogEventLevel>> Overrides { get; }

    /// <summary>The levels in <paramref name="configuration"/>; each bad key or value adds a problem and keeps its default.</summary>
    public static LogLevels Read(IConfiguration configuration, List<string> problems)
    {
        IConfigurationSection section = configuration.GetSection(SectionName);
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!string.Equals(child.Key, "MinimumLevel", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{SectionName}: unknown key '{child.Key}' (known: MinimumLevel; sinks are chosen by Log:Target)");
            }
        }

        LogEventLevel level = LogEventLevel.Information;
        var overrides = new Dictionary<string, LogEventLevel>(StringComparer.Ordinal)
        {
            ["Microsoft"] = LogEventLevel.Warning,
            ["System"] = LogEventLevel.Warning,
        };

        IConfigurationSection minimum = section.GetSection("MinimumLevel");
        if (minimum.Value is { } single)
        {
            level = Parse(minimum.Path, single, level, problems);
        }

        foreach (IConfigurationSection child in minimum.GetChildren())
        {
            if (string.Equals(child.Key, "Default", StringComparison.OrdinalIgnoreCase) && child.Value is { } value)
            {
                level = Parse(child.Path, value, level, problems);
            }
            else if (string.Equals(child.Key, "Override", StringComparison.OrdinalIgnoreCase))
            {
                foreach (IConfigurationSection entry in child.GetChildren())
                {
                    if (entry.Value is { } text)
                    {
                        overrides[entry.Key] = Parse(entry.Path, text, LogEventLevel.Information, problems);
                    }
                }
            }
            else
            {
                problems.Add($"'{child.Path}' is not a known key (known in {minimum.Path}: Default, Override)");
            }
        }

        return new LogLevels(level, [.. overrides]);
    }

    public void ApplyTo(LoggerConfiguration logger)
    {
        logger.MinimumLevel.Is(Default);
        foreach ((string source, LogEventLevel level) in Overrides)
        {
            logger.MinimumLevel.Override(source, level);
        }
    }

    private static LogEventLevel Parse(string key, string text, LogEventLevel fallback, List<string> problems)
    {
        if (Enum.TryParse(text, ignoreCase: true, out LogEventLevel level) && Enum.IsDefined(level) && !int.TryParse(text, out _))
        {
            return level;
        }

        problems.Add($"'{text}' at '{key}' is not a log level (Verbose, Debug, Information, Warning, Error, Fatal)");
        return fallback;
    }
}
