namespace PiTune.Configuration;

/// <summary>A registered options section, for checking a configuration without starting anything.</summary>
internal interface IOptionsSection
{
    string SectionName { get; }

    /// <summary>The section's keys and the option types nested in it, for check-config's words.</summary>
    OptionsShape Shape { get; }

    /// <summary>Binds and validates the section; adds each problem (naming key and value) on failure.</summary>
    bool TryBind(IServiceProvider services, List<string> problems);

    /// <summary>The problem with one key of the section taken alone (unknown, or a value of the wrong type), or null.</summary>
    string? CheckKey(string key, string value);
}
