using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Firmware;

/// <summary>The Pi firmware's <c>get_throttled</c> attribute (hex, as <c>vcgencmd get_throttled</c> shows it).</summary>
internal sealed class SysfsFirmwareFlags(ISysFiles files) : IFirmwareFlags
{
    private readonly ISysFiles _files = files ?? throw new ArgumentNullException(nameof(files));

    public ReadResult<ThrottleFlags> ReadThrottled() => SysRead.Small(_files, SysPaths.GetThrottled, SysfsParse.Throttled);
}
