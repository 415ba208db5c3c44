using System.Runtime.InteropServices;

namespace PiTune.Linux.Scheduling;

/// <summary>The glibc scheduling calls (<c>sched(7)</c>, <c>setpriority(2)</c>); a thread id works wherever a pid is taken.</summary>
internal static unsafe partial class LibC
{
    /// <summary><c>setpriority(PRIO_PROCESS, tid, …)</c> sets one thread's nice on Linux, not the whole process's.</summary>
    public const int PrioProcess = 0;

    public const int SchedOther = 0;
    public const int SchedFifo = 1;
    public const int SchedRr = 2;

    /// <summary>glibc's <c>cpu_set_t</c> is 1024 bits; the kernel accepts any multiple of a long.</summary>
    public const int CpuSetBytes = 128;

    [LibraryImport("libc", EntryPoint = "gettid")]
    public static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, uint who, int prio);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    public static partial int GetPriority(int which, uint who);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int SchedSetScheduler(int pid, int policy, int* param);

    [LibraryImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    public static partial int SchedGetScheduler(int pid);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nuint size, byte* mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetAffinity(int pid, nuint size, byte* mask);
}
