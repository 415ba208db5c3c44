using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Linux.Files;

namespace PiTune.Linux.Fan;

/// <summary>
/// Takes a thermal zone's fan away from the kernel: its governor (step_wise on a Pi 5, which overwrites pwm1 on every
/// poll) becomes <c>user_space</c>, through the ledger so the kernel's policy is back whenever PiTune is not running.
/// Only the policy changes: the zone stays enabled and its critical trip armed.
/// </summary>
public static class ZoneTakeover
{
    public const string UserSpace = "user_space";

    /// <summary>Null when the zone is PiTune's now; otherwise why not (PiTune then stays an observer).</summary>
    public static string? TakeOver(IThermalZone zone, ISysFiles files, ITuningLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(ledger);

        ReadResult<string> current = zone.ReadPolicy();
        if (!current.IsOk)
        {
            return $"cannot read the zone's policy ({current.Describe()})";
        }

        if (current.Value == UserSpace)
        {
            return null;
        }

        string path = $"{SysPaths.ThermalZone(zone.Name)}/available_policies";
        ReadResult<string> available = files.ReadText(path);
        if (!available.IsOk)
        {
            return $"cannot tell whether the kernel offers {UserSpace} ({available.Describe()})";
        }

        if (!available.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(UserSpace))
        {
            return $"the kernel does not offer the {UserSpace} thermal governor (available_policies: {available.Value.Trim()}); "
                + "without it the kernel would overwrite every fan setting";
        }

        WriteResult write = ledger.Write(zone.Policy, UserSpace);
        return write.IsOk ? null : $"cannot switch {zone.Name} to {UserSpace} ({write.Describe()})";
    }
}
