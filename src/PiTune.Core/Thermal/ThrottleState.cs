using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>The throttle policy's memory between ticks (immutable).</summary>
/// <param name="Cap">The published frequency cap; null when none is held.</param>
/// <param name="State">Where the episode is.</param>
/// <param name="EpisodeStart">When the current episode began.</param>
/// <param name="Peak">The hottest reading of the current episode.</param>
public sealed record ThrottleState(KiloHertz? Cap, ThermalState State, DateTimeOffset? EpisodeStart, Celsius? Peak)
{
    public static ThrottleState Initial { get; } = new(null, ThermalState.Normal, null, null);
}
