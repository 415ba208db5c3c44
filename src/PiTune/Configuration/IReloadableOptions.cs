namespace PiTune.Configuration;

/// <summary>
/// One options section that takes part in a two-phase reload: every section prepares (binds and
/// validates) a candidate, and only if all succeed do they commit, so a bad edit changes nothing.
/// </summary>
internal interface IReloadableOptions
{
    string SectionName { get; }

    /// <summary>Binds and validates the current configuration; adds each problem (naming key and value) on failure.</summary>
    bool TryPrepare(List<string> problems);

    /// <summary>Makes the prepared candidate current and tells listeners.</summary>
    void Commit();

    /// <summary>Forgets the prepared candidate.</summary>
    void Discard();
}
