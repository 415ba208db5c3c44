using Microsoft.Extensions.Options;

namespace PiTune.Core.Priority;

/// <summary>
/// Names each bad <c>Priority</c> key with its value, and refuses real-time settings that could starve the machine:
/// a <c>Fifo</c>/<c>RoundRobin</c> inference thread that never blocks keeps every ordinary thread (sshd, journald,
/// PiTune's own sampler and watchdog pings) off its CPUs, so a real-time policy needs <c>InferenceCpus</c> and
/// <c>HousekeepingCpus</c> with at least one housekeeping CPU the inference threads cannot use.
/// </summary>
public sealed class PriorityOptionsValidator : IValidateOptions<PriorityOptions>
{
    public ValidateOptionsResult Validate(string? name, PriorityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Nice is < -20 or > 19)
        {
            failures.Add($"Priority:Nice must be between -20 and 19, was {options.Nice}");
        }

        if (!Enum.IsDefined(options.Policy))
        {
            failures.Add($"Priority:Policy \"{options.Policy}\" is not one of Other, Fifo, RoundRobin");
        }

        bool realTime = options.Policy is SchedulingPolicy.Fifo or SchedulingPolicy.RoundRobin;
        if (realTime && options.RtPriority is not (>= 1 and <= 99))
        {
            failures.Add($"Priority:RtPriority must be between 1 and 99 with Priority:Policy {options.Policy}, was {Show(options.RtPriority)}");
        }
        else if (!realTime && options.RtPriority is not null)
        {
            failures.Add($"Priority:RtPriority applies only to Fifo or RoundRobin, but Priority:Policy is {options.Policy} (RtPriority was {options.RtPriority}); remove it");
        }

        int[]? inference = Cpus(failures, "InferenceCpus", options.InferenceCpus);
        int[]? housekeeping = Cpus(failures, "HousekeepingCpus", options.HousekeepingCpus);
        if (realTime)
        {
            if (string.IsNullOrWhiteSpace(options.InferenceCpus) || string.IsNullOrWhiteSpace(options.HousekeepingCpus))
            {
                failures.Add($"Priority:Policy {options.Policy} without both Priority:InferenceCpus and Priority:HousekeepingCpus " +
                    "would run real-time threads on every core with no CPU kept for the rest of the system, which can starve it " +
                    "(sshd, journald, PiTune's own watchdog); set e.g. InferenceCpus \"1-3\" and HousekeepingCpus \"0\", or use Policy Other");
            }
            else if (inference is not null && housekeeping is not null && housekeeping.All(inference.Contains))
            {
                failures.Add($"Priority:Policy {options.Policy} with Priority:HousekeepingCpus \"{options.HousekeepingCpus}\" inside " +
                    $"Priority:InferenceCpus \"{options.InferenceCpus}\" leaves no CPU free of real-time threads, which can starve the system; " +
                    "give housekeeping at least one CPU the inference threads do not use");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static int[]? Cpus(List<string> failures, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!CpuList.TryParse(value, out int[] cpus, out string? problem))
        {
            failures.Add($"Priority:{key} \"{value}\" is not a CPU list: {problem}");
            return null;
        }

        return cpus;
    }

    private static string Show(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unset";
}
