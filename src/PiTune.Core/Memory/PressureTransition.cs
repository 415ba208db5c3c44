namespace PiTune.Core.Memory;

/// <summary>What changed in memory pressure at this decision; each is acted on and logged once.</summary>
public enum PressureTransition
{
    None,

    /// <summary>Pressure rose to the high mark: trim the pool and cap batches (the guide's <c>reduce_pressure</c>).</summary>
    Entered,

    /// <summary>Pressure stayed below the low mark long enough: lift the limits (the guide's <c>reset_pressure</c>).</summary>
    Ended,
}
