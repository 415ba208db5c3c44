using PiTune.Linux.Files;

namespace PiTune.Linux.Conflicts;

/// <summary>
/// Finds other power/frequency managers that would fight PiTune over the governor: by running process name
/// (<c>/proc/&lt;pid&gt;/comm</c>) and by active systemd unit (<c>/run/systemd/units/invocation:&lt;unit&gt;</c>, which systemd
/// keeps for every unit that is active, including oneshot units like TLP's and cpupower's that stay "active (exited)").
/// </summary>
public static class ConflictDetector
{
    /// <summary>Known tools: the name PiTune reports, the process <c>comm</c> (the kernel cuts it to 15 bytes), the unit.</summary>
    private static readonly (string Name, string Comm, string Unit)[] Known =
    [
        ("tuned", "tuned", "tuned.service"),
        ("auto-cpufreq", "auto-cpufreq", "auto-cpufreq.service"),
        ("power-profiles-daemon", "power-profiles-", "power-profiles-daemon.service"),
        ("TLP", "tlp", "tlp.service"),
        ("cpupower", "cpupower", "cpupower.service"),
    ];

    /// <summary>The names of the conflicting tools found, each once, in a fixed order; empty when none.</summary>
    public static IReadOnlyList<string> Find(ISysFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var running = new HashSet<string>(StringComparer.Ordinal);
        foreach (string pid in files.List("proc", "*"))
        {
            if (pid.Length == 0 || !pid.All(char.IsAsciiDigit))
            {
                continue;
            }

            // A process can exit between listing and reading: a Missing comm is simply skipped.
            if (files.ReadText($"proc/{pid}/comm") is { IsOk: true } comm)
            {
                running.Add(comm.Value.Trim());
            }
        }

        var found = new List<string>();
        foreach ((string name, string comm, string unit) in Known)
        {
            // The invocation entry is a symlink to the invocation id, which dangles by design: list it, do not follow it.
            if (running.Contains(comm) || files.List("run/systemd/units", "invocation:" + unit).Count > 0)
            {
                found.Add(name);
            }
        }

        return found;
    }
}
