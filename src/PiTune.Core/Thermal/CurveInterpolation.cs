namespace PiTune.Core.Thermal;

/// <summary>How the fan curve fills the space between its points (<c>Fan:Interpolation</c>).</summary>
public enum CurveInterpolation
{
    /// <summary>Each point's duty holds until the next point, like the kernel's trip points.</summary>
    Steps,

    /// <summary>Straight lines between points: the duty grows smoothly with temperature.</summary>
    Linear,
}
