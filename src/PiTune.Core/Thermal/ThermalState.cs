namespace PiTune.Core.Thermal;

/// <summary>
/// Where the thermal job is in a throttling episode. Other jobs read it from the snapshot: while it is not
/// <see cref="Normal"/> they keep their thermal-event behaviour; the tick it turns <see cref="Normal"/> again the cap
/// is already lifted, and they go back to their normal policies (the guide's <c>recover_from_thermal_event</c> order).
/// </summary>
public enum ThermalState
{
    /// <summary>No cap held.</summary>
    Normal,

    /// <summary>Above the soft limit: the cap steps down each tick, or holds while between limit and recovery.</summary>
    Throttling,

    /// <summary>Below the limit minus the recovery margin: the cap steps back up each tick until it is lifted.</summary>
    Recovering,
}
