using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PiTune.Inference.Models;
using PiTune.Logging;

namespace PiTune.Configuration;

/// <summary>
/// Checks a whole configuration the way the daemon will use it and lists every problem, each with its full key, in
/// words a Pi owner reads: every key on its own (unknown keys, values of the wrong type), then each section bound
/// without those keys and validated (ranges and rules), and top-level sections PiTune does not know (a typo such as
/// "Samplng" would otherwise be silently ignored). The binder stops at its first error, which is why keys are
/// checked one at a time: an unknown key or a type error no longer hides a range error beside it.
/// </summary>
internal static class ConfigChecker
{
    /// <summary>Sections read by something other than an options class.</summary>
    /// <summary>
    /// Sections read by something other than an options class, and the keys the host adds to the live configuration
    /// (checked again when a profile is switched at run time).
    /// </summary>
    private static readonly string[] OtherSections =
        [LogLevels.SectionName, Microsoft.Extensions.Hosting.HostDefaults.ApplicationKey, Microsoft.Extensions.Hosting.HostDefaults.ContentRootKey, Microsoft.Extensions.Hosting.HostDefaults.EnvironmentKey];

    /// <summary>Every problem in <paramref name="configuration"/>, each naming its key and value.</summary>
    public static List<string> Check(IConfiguration configuration) => Check(configuration, Services);

    /// <summary>As <see cref="Check(IConfiguration)"/>; <paramref name="services"/> registers the sections over a configuration.</summary>
    public static List<string> Check(IConfiguration configuration, Func<IConfiguration, ServiceProvider> services)
    {
        var problems = new List<string>();
        var known = new HashSet<string>(OtherSections, StringComparer.OrdinalIgnoreCase);
        var badKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (ServiceProvider all = services(configuration))
        {
            foreach (IOptionsSection section in all.GetServices<IOptionsSection>())
            {
                known.Add(section.SectionName);
                foreach ((string key, string? value) in configuration.GetSection(section.SectionName).AsEnumerable())
                {
                    if (value is not null && key.Contains(':', StringComparison.Ordinal) && section.CheckKey(key, value) is { } problem)
                    {
                        badKeys.Add(key);
                        if (!problems.Contains(problem))
                        {
                            problems.Add(problem);
                        }
                    }
                }
            }
        }

        // Ranges and rules on what is left: a bad key is out, so its default stands in while the rest are judged.
        IConfiguration rest = badKeys.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddInMemoryCollection(configuration.AsEnumerable().Where(p => p.Value is not null && !badKeys.Contains(p.Key))).Build();
        using (ServiceProvider checkedRest = services(rest))
        {
            foreach (IOptionsSection section in checkedRest.GetServices<IOptionsSection>())
            {
                var sectionProblems = new List<string>();
                section.TryBind(checkedRest, sectionProblems);
                problems.AddRange(sectionProblems.Where(p => !problems.Contains(p)));
            }
        }

        LogLevels.Read(configuration, problems);
        foreach (IConfigurationSection top in configuration.GetChildren())
        {
            if (!known.Contains(top.Key))
            {
                problems.Add($"{top.Key}: unknown section (known: {string.Join(", ", known.Where(k => char.IsUpper(k[0])).Order(StringComparer.Ordinal))})");
            }
        }

        return problems;
    }

    /// <summary>
    /// Model files that are not there. Only <c>check-config</c> asks: the daemon starts without such a model (its
    /// load failure is logged and the other models and jobs go on), so a model copied in later needs no config edit.
    /// </summary>
    public static List<string> CheckModelFiles(IConfiguration configuration)
    {
        var problems = new List<string>();
        foreach (IConfigurationSection model in configuration.GetSection(InferenceOptions.SectionName + ":Models").GetChildren())
        {
            foreach (string name in (ReadOnlySpan<string>)["Path", "Fallback"])
            {
                string? path = model[name];
                if (string.IsNullOrWhiteSpace(path))
                {
                    continue;
                }

                string full = ModelLoader.ResolvePath(path);
                string key = $"{model.Path}:{name}";
                if (Directory.Exists(full))
                {
                    problems.Add($"'{path}' at '{key}' is a directory, not a model file");
                }
                else if (!File.Exists(full))
                {
                    problems.Add($"'{path}' at '{key}' does not exist ({full}; relative paths are resolved against {ModelLoader.BaseDirectory})");
                }
            }
        }

        return problems;
    }

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddPiTuneOptions(configuration);
        return services.BuildServiceProvider();
    }
}
