namespace PiTune.Core.Governor;

/// <summary>What the governor job is aiming for.</summary>
public enum GovernorMode
{
    /// <summary>Before the first decision.</summary>
    Unknown,
    Inference,
    Idle,
}
