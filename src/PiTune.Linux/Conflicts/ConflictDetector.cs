using PiTune.Linux.Files;

namespace PiTune.Linux.Conflicts;

/// <summary>
/// Finds other tools that would fight PiTune: power/frequency managers over the governor, fan and thermal daemons over
/// the fan and the thermal zones. By running process name (<c>/proc/&lt;pid&gt;/comm</c>; for a script run by an
/// interpreter, the script's name in <c>cmdline</c>) and by active systemd unit
/// (<c>/run/systemd/units/invocation:&lt;unit&gt;</c>, which systemd keeps for every unit that is active, including oneshot
/// units like TLP's and cpupower's that stay "active (exited)"). All under the root; cheap enough to repeat every minute.
/// </summary>
public static class ConflictDetector
{
    public const string Governor = "the CPU governor";
    public const string Fan = "the fan and thermal zones";

    /// <summary>
    /// Known tools: the name PiTune reports, the process <c>comm</c> (the kernel cuts it to 15 bytes; for a script, its
    /// file name without extension), the unit, and what it fights over.
    /// </summary>
    private static readonly (string Name, string Comm, string Unit, string FightsOver)[] Known =
    [
        ("tuned", "tuned", "tuned.service", Governor),
        ("auto-cpufreq", "auto-cpufreq", "auto-cpufreq.service", Governor),
        ("power-profiles-daemon", "power-profiles-", "power-profiles-daemon.service", Governor),
        ("TLP", "tlp", "tlp.service", Governor),
        ("cpupower", "cpupower", "cpupower.service", Governor),

        // thermald sets cooling devices and trip handling of its own; fancontrol (lm-sensors) writes hwmon pwm1 every
        // few seconds; Argon ONE's argononed (a Python script) drives its fan over I2C by temperature.
        ("thermald", "thermald", "thermald.service", Fan),
        ("fancontrol", "fancontrol", "fancontrol.service", Fan),
        ("argononed", "argononed", "argononed.service", Fan),
    ];

    // Interpreters whose comm hides the script they run: a script's name is then argv[1] in cmdline.
    private static readonly string[] Interpreters = ["python", "python3", "perl", "bash", "sh"];

    /// <summary>The conflicting tools found, each once, in a fixed order; empty when none.</summary>
    public static IReadOnlyList<Conflict> Find(ISysFiles files)
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
            if (files.ReadText($"proc/{pid}/comm") is not { IsOk: true } read)
            {
                continue;
            }

            string comm = read.Value.Trim();
            running.Add(comm);
            if (Interpreters.Contains(comm) && files.ReadText($"proc/{pid}/cmdline") is { IsOk: true } cmdline
                && cmdline.Value.Split('\0') is { Length: > 1 } argv)
            {
                running.Add(Path.GetFileNameWithoutExtension(argv[1]));
            }
        }

        var found = new List<Conflict>();
        foreach ((string name, string comm, string unit, string fightsOver) in Known)
        {
            // The invocation entry is a symlink to the invocation id, which dangles by design: list it, do not follow it.
            if (files.List("run/systemd/units", "invocation:" + unit).Count > 0)
            {
                found.Add(new Conflict(name, fightsOver, "unit " + unit));
            }
            else if (running.Contains(comm))
            {
                found.Add(new Conflict(name, fightsOver, "process " + comm));
            }
        }

        return found;
    }
}
