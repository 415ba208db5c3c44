using PiTune.Core.Units;

namespace PiTune.Core.Thermal;

/// <summary>What the throttle policy decides from.</summary>
/// <param name="Now">The decision time.</param>
/// <param name="Temperature">This tick's temperature; null when it could not be read (the cap then holds).</param>
/// <param name="Frequencies">The policy's <c>scaling_available_frequencies</c>, ascending; empty when the kernel lists none.</param>
/// <param name="Limit">The soft limit in force (lowered while the fan has failed).</param>
/// <param name="RecoveryMarginC">How far below the limit the cap starts stepping back up.</param>
public sealed record ThrottleInput(
    DateTimeOffset Now,
    Celsius? Temperature,
    IReadOnlyList<KiloHertz> Frequencies,
    Celsius Limit,
    double RecoveryMarginC);
