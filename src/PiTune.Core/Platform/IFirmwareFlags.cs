namespace PiTune.Core.Platform;

/// <summary>The firmware's throttle flags (<c>/sys/devices/platform/soc/soc:firmware/get_throttled</c>, hex).</summary>
public interface IFirmwareFlags
{
    ReadResult<ThrottleFlags> ReadThrottled();
}
