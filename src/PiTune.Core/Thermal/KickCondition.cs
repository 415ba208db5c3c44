namespace PiTune.Core.Thermal;

/// <summary>When a fan starting from a standstill gets the spin-up kick (<c>Fan:KickWhen</c>).</summary>
public enum KickCondition
{
    /// <summary>
    /// Only when the tachometer still reads 0 rpm <see cref="FanOptions.SpinUpTime"/> after the start (a stalled start).
    /// A fan without a tachometer cannot tell, so it is kicked on every start.
    /// </summary>
    Stalled,

    /// <summary>On every start, whether or not the fan would have turned by itself.</summary>
    Always,
}
