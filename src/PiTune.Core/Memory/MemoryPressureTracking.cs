namespace PiTune.Core.Memory;

/// <summary>The pressure policy's memory between decisions (immutable; each decision returns the next one).</summary>
/// <param name="State">The current pressure state.</param>
/// <param name="LowSince">While high: when the reading first fell below the low mark in the current run of low readings.</param>
public sealed record MemoryPressureTracking(MemoryPressureState State, DateTimeOffset? LowSince)
{
    public static MemoryPressureTracking Initial { get; } = new(MemoryPressureState.Unknown, null);
}
