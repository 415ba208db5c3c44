namespace PiTune.Linux.Conflicts;

/// <summary>Another tool that would fight PiTune: its name, what it fights over, and how it was seen.</summary>
/// <param name="FightsOver">"the CPU governor" or "the fan and thermal zones".</param>
/// <param name="FoundBy">"process thermald", "unit thermald.service".</param>
public sealed record Conflict(string Name, string FightsOver, string FoundBy);
