namespace PiTune.Simulation;

/// <summary>A fan level the daemon set through pwm1 or the cooling device, with the other file's matching value.</summary>
internal readonly record struct FanSetting(int Pwm, int CoolingState, FanWriteKind WrittenTo);
