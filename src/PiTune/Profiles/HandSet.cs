namespace PiTune.Profiles;

/// <summary>A profile set with <c>pitune profile set</c>, and when.</summary>
internal sealed record HandSet(string Name, DateTimeOffset At);
