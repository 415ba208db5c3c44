using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>The cap to publish, what changed, and for the log the episode's length and peak so far.</summary>
public sealed record ThrottleDecision(KiloHertz? Cap, ThrottleEvent Event, TimeSpan EpisodeDuration, Celsius? Peak);
