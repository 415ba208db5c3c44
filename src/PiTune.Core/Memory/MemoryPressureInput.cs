namespace PiTune.Core.Memory;

/// <summary>What the pressure policy decides from.</summary>
/// <param name="Now">The decision time.</param>
/// <param name="PsiSomeAvg10">PSI memory <c>some avg10</c> (percent); null when PSI is absent or unreadable.</param>
/// <param name="AvailablePercent">MemAvailable as a percentage of MemTotal, the fallback without PSI; null when unreadable.</param>
public sealed record MemoryPressureInput(DateTimeOffset Now, double? PsiSomeAvg10, double? AvailablePercent);
