namespace PiTune.Profiles;

/// <summary>A profile read: its keys and where they came from, or why it cannot be used.</summary>
internal sealed record ProfileLoad(string Name, string Origin, IReadOnlyDictionary<string, string?>? Keys, string? Problem)
{
    public bool IsOk => Keys is not null;
}
