namespace PiTune.Core.Memory;

/// <summary>The pressure state after a reading, what changed, and the reading in words for the log ("PSI memory some avg10 12.5 % ≥ 10 %").</summary>
public sealed record MemoryPressureDecision(MemoryPressureState State, PressureTransition Transition, string Measure);
