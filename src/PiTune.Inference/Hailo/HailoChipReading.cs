namespace PiTune.Inference.Hailo;

/// <summary>The chip's architecture and its two on-die temperature sensors.</summary>
internal readonly record struct HailoChipReading(HailoArchitecture Architecture, float Ts0Celsius, float Ts1Celsius);
