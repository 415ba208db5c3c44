using PiTune.Core.Units;

namespace PiTune.Core.Governor;

/// <summary>
/// What a cpufreq policy should be set to. <see cref="Governor"/> is null when no acceptable governor
/// is available (<see cref="Problem"/> says why).
/// </summary>
public sealed record GovernorDecision(GovernorMode Mode, string? Governor, KiloHertz MaxFrequency, string? Problem);
