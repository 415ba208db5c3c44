using System.Globalization;

namespace PiTune.Systemd;

/// <summary>
/// The systemd watchdog as the unit's <c>WatchdogSec=</c> sets it: <c>WATCHDOG_USEC</c> is the timeout,
/// <c>WATCHDOG_PID</c> (when set) the process that must ping. PiTune pings from the sampling loop at
/// least every half timeout, as sd_watchdog_enabled(3) advises, so a hung loop gets the daemon restarted.
/// </summary>
internal sealed record WatchdogSettings(bool Enabled, TimeSpan Timeout)
{
    public static WatchdogSettings Disabled { get; } = new(false, TimeSpan.Zero);

    /// <summary>How often to ping at the latest: half the timeout.</summary>
    public TimeSpan Interval => Timeout / 2;

    public static WatchdogSettings FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);

    /// <summary>Parses the two variables; anything malformed, or a watchdog meant for another process, disables it.</summary>
    public static WatchdogSettings Parse(string? usec, string? pid, int ownPid)
    {
        if (!long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out long micros) || micros <= 0
            || micros > TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond)
        {
            return Disabled;
        }

        if (!string.IsNullOrEmpty(pid)
            && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int target) || target != ownPid))
        {
            return Disabled;
        }

        return new WatchdogSettings(true, TimeSpan.FromMicroseconds(micros));
    }
}
