namespace PiTune.Inference.Models;

/// <summary>The HailoRT backend's settings for the whole daemon (section <c>Inference:Hailo</c>); read at start.</summary>
internal sealed class HailoOptions
{
    /// <summary>
    /// libhailort: a file, or a folder to look in. Unset searches /usr/lib/&lt;multiarch&gt;, /usr/lib, /usr/local/lib,
    /// /lib/&lt;multiarch&gt; and LD_LIBRARY_PATH for libhailort.so or a versioned libhailort.so.4.x.y.
    /// </summary>
    public string? LibraryPath { get; set; }

    /// <summary>
    /// Share the chip with other programs (rpicam-apps, Picamera2) through the HailoRT service (hailort.service):
    /// every program's models go through one scheduler. Needs a <see cref="GroupId"/> other programs use too.
    /// </summary>
    public bool MultiProcessService { get; set; }

    /// <summary>The scheduler group shared with other programs; unset is HailoRT's own "UNIQUE" (the chip is claimed).</summary>
    public string? GroupId { get; set; }

    /// <summary>First wait before trying the chip again when the library, driver or device is missing or busy.</summary>
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between tries; each failed try doubles the wait up to this.</summary>
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(1);
}
