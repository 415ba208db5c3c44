using System.Globalization;
using System.Runtime.InteropServices;
using PiTune.Core.Priority;

namespace PiTune.Linux.Scheduling;

/// <summary>
/// Nice value, scheduling policy and CPU affinity of single threads, by Linux thread id (<c>gettid</c>).
/// Expected refusals (EPERM without CAP_SYS_NICE, EINVAL for CPUs that do not exist) come back as results, never exceptions.
/// </summary>
public static unsafe class ThreadScheduling
{
    /// <summary>The calling thread's kernel id (what <c>/proc/self/task/&lt;tid&gt;</c> is named after).</summary>
    public static int CurrentThreadId() => LibC.GetTid();

    public static SchedulingResult SetNice(int tid, int nice)
    {
        string call = string.Create(CultureInfo.InvariantCulture, $"setpriority(thread {tid}, nice {nice})");
        return LibC.SetPriority(LibC.PrioProcess, (uint)tid, nice) == 0
            ? SchedulingResult.Ok(call)
            : Fail(call, Marshal.GetLastPInvokeError(), "lowering nice below 0 needs CAP_SYS_NICE (run PiTune as root, or add AmbientCapabilities=CAP_SYS_NICE to the unit)");
    }

    /// <summary>The thread's nice value, or null when the thread is gone.</summary>
    public static int? GetNice(int tid)
    {
        // getpriority can legitimately return -1, so errno is the only way to tell an error.
        Marshal.SetLastPInvokeError(0);
        int nice = LibC.GetPriority(LibC.PrioProcess, (uint)tid);
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
    }

    /// <summary>Sets the policy; <paramref name="rtPriority"/> is used for the real-time ones and must be 0 for <c>Other</c>.</summary>
    public static SchedulingResult SetPolicy(int tid, SchedulingPolicy policy, int rtPriority)
    {
        int native = ToNative(policy);
        int priority = policy == SchedulingPolicy.Other ? 0 : rtPriority;
        string call = string.Create(CultureInfo.InvariantCulture, $"sched_setscheduler(thread {tid}, {Name(policy)}, priority {priority})");
        return LibC.SchedSetScheduler(tid, native, &priority) == 0
            ? SchedulingResult.Ok(call)
            : Fail(call, Marshal.GetLastPInvokeError(), "a real-time policy needs CAP_SYS_NICE (run PiTune as root, or add AmbientCapabilities=CAP_SYS_NICE) and an RLIMIT_RTPRIO or real-time budget that allows it");
    }

    /// <summary>The thread's policy, or null when the thread is gone or the policy is one PiTune does not set (batch, idle, deadline).</summary>
    public static SchedulingPolicy? GetPolicy(int tid) => LibC.SchedGetScheduler(tid) switch
    {
        LibC.SchedOther => SchedulingPolicy.Other,
        LibC.SchedFifo => SchedulingPolicy.Fifo,
        LibC.SchedRr => SchedulingPolicy.RoundRobin,
        _ => null,
    };

    public static SchedulingResult SetAffinity(int tid, IReadOnlyCollection<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        string call = string.Create(CultureInfo.InvariantCulture, $"sched_setaffinity(thread {tid}, CPUs {CpuList.Format(cpus)})");
        int bytes = Math.Max(LibC.CpuSetBytes, ((cpus.Count == 0 ? 0 : cpus.Max()) / 64 + 1) * 8);
        byte* mask = stackalloc byte[bytes];
        new Span<byte>(mask, bytes).Clear();
        foreach (int cpu in cpus)
        {
            mask[cpu / 8] |= (byte)(1 << (cpu % 8));
        }

        return LibC.SchedSetAffinity(tid, (nuint)bytes, mask) == 0
            ? SchedulingResult.Ok(call)
            : Fail(call, Marshal.GetLastPInvokeError(), "none of those CPUs exists or is online on this machine");
    }

    /// <summary>The CPUs the thread may run on, or null when the thread is gone.</summary>
    public static int[]? GetAffinity(int tid)
    {
        const int bytes = LibC.CpuSetBytes * 8;
        byte* mask = stackalloc byte[bytes];
        new Span<byte>(mask, bytes).Clear();
        if (LibC.SchedGetAffinity(tid, bytes, mask) != 0)
        {
            return null;
        }

        var cpus = new List<int>();
        for (int cpu = 0; cpu < bytes * 8; cpu++)
        {
            if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }

    public static string Name(SchedulingPolicy policy) => policy switch
    {
        SchedulingPolicy.Fifo => "SCHED_FIFO",
        SchedulingPolicy.RoundRobin => "SCHED_RR",
        _ => "SCHED_OTHER",
    };

    private static int ToNative(SchedulingPolicy policy) => policy switch
    {
        SchedulingPolicy.Fifo => LibC.SchedFifo,
        SchedulingPolicy.RoundRobin => LibC.SchedRr,
        _ => LibC.SchedOther,
    };

    private static SchedulingResult Fail(string call, int errno, string whenNotPermitted)
    {
        string problem = errno switch
        {
            SchedulingResult.EPERM => $"not permitted (EPERM): {whenNotPermitted}",
            SchedulingResult.ESRCH => "the thread is gone (ESRCH)",
            SchedulingResult.EINVAL when call.StartsWith("sched_setaffinity", StringComparison.Ordinal) => $"invalid (EINVAL): {whenNotPermitted}",
            _ => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})",
        };
        return new SchedulingResult(call, errno, problem);
    }
}
