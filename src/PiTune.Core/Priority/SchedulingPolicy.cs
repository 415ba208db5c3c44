namespace PiTune.Core.Priority;

/// <summary>The Linux scheduling policy for the inference threads (<c>sched(7)</c>).</summary>
public enum SchedulingPolicy
{
    /// <summary><c>SCHED_OTHER</c>: the normal time-sharing policy; only the nice value applies.</summary>
    Other,

    /// <summary><c>SCHED_FIFO</c>: real-time, runs until it blocks or yields.</summary>
    Fifo,

    /// <summary><c>SCHED_RR</c>: real-time with a time slice among equal priorities.</summary>
    RoundRobin,
}
