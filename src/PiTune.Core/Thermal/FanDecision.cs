using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>What the fan should run at now, and why.</summary>
public sealed record FanDecision(DutyCycle Duty, FanReason Reason);
