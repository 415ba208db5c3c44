namespace PiTune.Core.Thermal;

/// <summary>What a throttle decision did to the cap this tick.</summary>
public enum ThrottleEvent
{
    None,

    /// <summary>A new episode: the temperature crossed the limit and the first cap was set (log <c>ThermalThrottled</c>).</summary>
    Throttled,

    SteppedDown,

    SteppedUp,

    /// <summary>The cap is lifted: the episode is over (log <c>ThermalRecovered</c>).</summary>
    Recovered,
}
