namespace PiTune.Core.Governor;

/// <summary>The cpufreq governors the Linux kernel ships (Documentation/admin-guide/pm/cpufreq.rst).</summary>
public static class GovernorNames
{
    public const string Performance = "performance";
    public const string Powersave = "powersave";
    public const string Ondemand = "ondemand";
    public const string Schedutil = "schedutil";
    public const string Conservative = "conservative";
    public const string Userspace = "userspace";

    public static readonly IReadOnlyList<string> Known = [Performance, Powersave, Ondemand, Schedutil, Conservative, Userspace];

    public static bool IsKnown(string? name) => name is not null && Known.Contains(name, StringComparer.Ordinal);
}
