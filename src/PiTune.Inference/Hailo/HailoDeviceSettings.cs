namespace PiTune.Inference.Hailo;

/// <summary>
/// How PiTune claims the chip. With <paramref name="MultiProcessService"/> the vdevice goes through the
/// <c>hailort_service</c> daemon, so other programs (rpicam-apps, Picamera2) using the same non-"UNIQUE"
/// <paramref name="GroupId"/> share the chip instead of failing with OUT_OF_PHYSICAL_DEVICES; null keeps the library's
/// default group.
/// </summary>
internal sealed record HailoDeviceSettings(bool MultiProcessService, string? GroupId);
