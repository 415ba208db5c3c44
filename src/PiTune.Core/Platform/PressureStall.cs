namespace PiTune.Core.Platform;

/// <summary>
/// One PSI file: the share of time (percent) some / all tasks stalled over 10, 60 and 300 s windows.
/// The "full" line is absent for CPU on older kernels; then its fields are zero.
/// </summary>
public readonly record struct PressureStall(
    double SomeAvg10, double SomeAvg60, double SomeAvg300, ulong SomeTotalMicros,
    double FullAvg10, double FullAvg60, double FullAvg300, ulong FullTotalMicros);
