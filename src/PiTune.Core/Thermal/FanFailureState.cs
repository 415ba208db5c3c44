namespace PiTune.Core.Thermal;

/// <summary>The fan-failure detector's memory (immutable).</summary>
/// <param name="SuspectSince">Since when the fan has been driven above the failure duty while reading 0 RPM.</param>
/// <param name="Failed">Declared failed; stays so until the tachometer reads above 0 again.</param>
public sealed record FanFailureState(DateTimeOffset? SuspectSince, bool Failed)
{
    public static FanFailureState Initial { get; } = new(null, false);
}
