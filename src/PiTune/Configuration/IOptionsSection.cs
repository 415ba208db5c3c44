namespace PiTune.Configuration;

/// <summary>A registered options section, for checking a configuration without starting anything.</summary>
internal interface IOptionsSection
{
    string SectionName { get; }

    /// <summary>Binds and validates the section; adds each problem (naming key and value) on failure.</summary>
    bool TryBind(IServiceProvider services, List<string> problems);
}
