namespace PiTune.Core.Priority;

/// <summary>Scheduling of the daemon's inference threads (section <c>Priority</c>); the rest of the daemon is left alone.</summary>
public sealed class PriorityOptions
{
    public const string SectionName = "Priority";

    /// <summary>Nice value of each inference thread, -20 (most favoured) to 19. Needs CAP_SYS_NICE below 0.</summary>
    public int Nice { get; set; } = -10;

    /// <summary>Scheduling policy of the inference threads; a real-time one also needs <see cref="RtPriority"/>.</summary>
    public SchedulingPolicy Policy { get; set; } = SchedulingPolicy.Other;

    /// <summary>Real-time priority 1–99 for <c>Fifo</c>/<c>RoundRobin</c>; must be unset for <c>Other</c>.</summary>
    public int? RtPriority { get; set; }

    /// <summary>CPUs the inference threads may run on, as a kernel CPU list (<c>"2-3"</c>, <c>"1,3"</c>); unset or empty = all.</summary>
    public string? InferenceCpus { get; set; }

    /// <summary>CPUs for every other daemon thread (sampling, controllers, API); unset or empty = all.</summary>
    public string? HousekeepingCpus { get; set; }
}
