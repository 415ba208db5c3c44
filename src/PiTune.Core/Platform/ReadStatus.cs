namespace PiTune.Core.Platform;

/// <summary>How a read of a kernel file went. Everything but <see cref="Ok"/> is an expected fault the caller handles.</summary>
public enum ReadStatus
{
    Ok,
    /// <summary>The file does not exist (never did, or vanished: hotplug, driver unloaded).</summary>
    Missing,
    /// <summary>The file exists but holds nothing.</summary>
    Empty,
    /// <summary>The content does not parse as the attribute's format.</summary>
    Garbage,
    PermissionDenied,
    /// <summary>Any other I/O error (EIO from a driver, EINVAL from a write-only attribute, ...).</summary>
    IoError,
}
