namespace PiTune.Profiles;

/// <summary>The profile in force and why: "default", "set by hand at ...", or "schedule 22:00–07:00".</summary>
internal sealed record ActiveProfile(string Name, string Reason);
