using System.Globalization;

namespace PiTune.Core.Priority;

/// <summary>
/// A set of CPU numbers in the kernel's list format (<c>cpuset(7)</c>: <c>"0-2,5"</c>), as used by
/// <c>taskset -c</c>, <c>Cpus_allowed_list</c> and <c>affected_cpus</c>.
/// </summary>
public static class CpuList
{
    /// <summary>The kernel's CONFIG_NR_CPUS tops out at 8192; anything above is a typo.</summary>
    public const int MaxCpu = 8191;

    /// <summary>Parses a list into sorted distinct CPU numbers; false with the reason when it is not one.</summary>
    public static bool TryParse(string? text, out int[] cpus, out string? problem)
    {
        cpus = [];
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty";
            return false;
        }

        var set = new SortedSet<int>();
        foreach (string raw in text.Split(','))
        {
            string part = raw.Trim();
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            string first = dash < 0 ? part : part[..dash];
            string last = dash < 0 ? part : part[(dash + 1)..];
            if (!TryCpu(first, out int from) || !TryCpu(last, out int to))
            {
                problem = $"\"{part}\" is not a CPU number or range (e.g. \"0-1,3\"; CPUs 0–{MaxCpu})";
                return false;
            }

            if (to < from)
            {
                problem = $"range \"{part}\" runs backwards";
                return false;
            }

            for (int cpu = from; cpu <= to; cpu++)
            {
                set.Add(cpu);
            }
        }

        cpus = [.. set];
        return true;
    }

    /// <summary>Formats CPUs as a compact list (<c>0-2,5</c>).</summary>
    public static string Format(IEnumerable<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        var parts = new List<string>();
        int[] sorted = [.. cpus.Distinct().Order()];
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(j == i
                ? sorted[i].ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}-{sorted[j]}"));
            i = j + 1;
        }

        return string.Join(',', parts);
    }

    private static bool TryCpu(string text, out int cpu) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out cpu) && cpu <= MaxCpu;
}
