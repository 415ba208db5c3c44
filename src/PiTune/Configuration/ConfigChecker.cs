using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PiTune.Configuration;

/// <summary>
/// Checks a whole configuration the way the daemon will use it: every registered section bound
/// strictly and validated, and top-level sections PiTune does not know reported (a typo such as
/// "Samplng" would otherwise be silently ignored).
/// </summary>
internal static class ConfigChecker
{
    /// <summary>Sections read by something other than an options class.</summary>
    private static readonly string[] OtherSections = ["Serilog"];

    /// <summary>Every problem, each naming its key and value; <paramref name="services"/> holds the registered sections.</summary>
    public static List<string> Check(IConfiguration configuration, IServiceProvider services)
    {
        var problems = new List<string>();
        var known = new HashSet<string>(OtherSections, StringComparer.OrdinalIgnoreCase);
        foreach (IOptionsSection section in services.GetServices<IOptionsSection>())
        {
            known.Add(section.SectionName);
            section.TryBind(services, problems);
        }

        foreach (IConfigurationSection top in configuration.GetChildren())
        {
            if (!known.Contains(top.Key))
            {
                problems.Add($"{top.Key}: unknown section (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }
        }

        return problems;
    }
}
