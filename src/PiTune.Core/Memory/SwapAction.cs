namespace PiTune.Core.Memory;

/// <summary>What the swap policy asks for.</summary>
public enum SwapAction
{
    None,

    /// <summary>Turn the listed swap areas off (it is safe: see the decision's reason).</summary>
    TurnOff,

    /// <summary>Turn every area PiTune turned off back on, each with its own priority.</summary>
    TurnOn,

    /// <summary>Swap should go off but it is not safe now; the reason gives the figures. Checked again next time.</summary>
    Unsafe,
}
