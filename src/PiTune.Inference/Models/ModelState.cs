namespace PiTune.Inference.Models;

/// <summary>Where a configured model stands.</summary>
internal enum ModelState
{
    Loading,
    Ready,

    /// <summary>Will not serve until the configuration or the file is fixed (and the daemon restarted).</summary>
    Disabled,

    /// <summary>Its accelerator cannot be used now (library, driver or device missing or busy); tried again with back-off.</summary>
    Unavailable,
}
