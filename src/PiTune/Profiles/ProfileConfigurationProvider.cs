using Microsoft.Extensions.Configuration;

namespace PiTune.Profiles;

/// <summary>
/// The active profile's keys, laid over the configuration file and under the environment and the command line. Set
/// only by the profile switch, which then applies the whole configuration through the reload path (all or nothing).
/// </summary>
internal sealed class ProfileConfigurationProvider : ConfigurationProvider
{
    private readonly Lock _gate = new();

    public string Name { get; private set; } = BuiltInProfiles.Default;

    public string Origin { get; private set; } = "built-in";

    public IReadOnlyDictionary<string, string?> Keys { get; private set; } = new Dictionary<string, string?>();

    public void Set(string name, string origin, IReadOnlyDictionary<string, string?> keys)
    {
        lock (_gate)
        {
            Name = name;
            Origin = origin;
            Keys = keys;
            Data = new Dictionary<string, string?>(keys, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>For a problem's "(from ...)": the profile and its file.</summary>
    public string Describe() => Origin == "built-in" ? $"the built-in profile {Name}" : $"profile {Name} ({Origin})";

    public override string ToString() => Describe();
}
