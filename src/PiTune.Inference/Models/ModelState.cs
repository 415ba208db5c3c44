namespace PiTune.Inference.Models;

/// <summary>Where a configured model stands.</summary>
internal enum ModelState
{
    Loading,
    Ready,
    Disabled,
}
