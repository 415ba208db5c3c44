using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Inference;
using PiTune.Core.Priority;
using PiTune.Linux.Scheduling;

namespace PiTune.Priority;

/// <summary>
/// <see cref="IInferenceThreadSetup"/> on Linux: nice via <c>setpriority</c>, the policy via <c>sched_setscheduler</c>
/// and CPUs via <c>sched_setaffinity</c>, each on one thread id (never the whole daemon). The threads are the batcher's
/// workers (which call <see cref="ApplyToCurrentThread"/>) and ONNX Runtime's pool threads (<see cref="AdoptThreadsNamed"/>);
/// a reload of <c>Priority</c> is applied to all of them while they run. A refusal is logged once per kind (not once per
/// thread) and the thread keeps its default for that setting. Thread-safe.
/// </summary>
internal sealed class InferenceThreadSetup : IInferenceThreadSetup, IDisposable
{
    private readonly IOptionsMonitor<PriorityOptions> _options;
    private readonly ILogger<InferenceThreadSetup> _logger;
    private readonly ConcurrentDictionary<int, bool> _threads = new();
    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);
    private readonly int[] _processCpus;
    private readonly IDisposable? _onChange;

    // One thread's settings at a time: a reload re-applying to every thread cannot interleave with a new thread's
    // first apply and leave it with the value from before the reload.
    private readonly Lock _gate = new();
    private Applied? _applied;

    public InferenceThreadSetup(IOptionsMonitor<PriorityOptions> options, ILogger<InferenceThreadSetup> logger)
    {
        _options = options;
        _logger = logger;

        // Taken before housekeeping narrows the daemon's threads: an inference thread (which inherits the
        // housekeeping CPUs from the thread that made it) gets these back when no InferenceCpus are set.
        _processCpus = ThreadScheduling.GetAffinity(ThreadScheduling.CurrentThreadId()) ?? [];
        _onChange = options.OnChange(Reapply);
    }

    /// <summary>Thread ids set up as inference threads (housekeeping leaves them alone).</summary>
    public bool IsInferenceThread(int tid) => _threads.ContainsKey(tid);

    /// <summary>How many inference threads are known (live or not yet found gone).</summary>
    public int ThreadCount => _threads.Count;

    public bool ApplyToCurrentThread()
    {
        int tid = ThreadScheduling.CurrentThreadId();
        lock (_gate)
        {
            _threads[tid] = true;
            Applied applied = Resolve(_options.CurrentValue);
            bool ok = Apply(tid, applied);
            if (ok && _reported.TryAdd("applied", true))
            {
                PriorityLog.Applied(_logger, tid, applied.Nice, applied.PolicyText, applied.CpusText);
            }

            return ok;
        }
    }

    /// <summary>
    /// Gives the inference scheduling to this process's threads named <paramref name="name"/>, except the caller: the
    /// threads ONNX Runtime started for a session created on a thread of that name (Linux copies the creator's name into
    /// a new thread, and ONNX Runtime names none of its own). Returns how many were set up.
    /// </summary>
    public int AdoptThreadsNamed(string name)
    {
        int self = ThreadScheduling.CurrentThreadId();
        var adopted = new List<int>();
        bool ok = true;
        Applied applied;
        lock (_gate)
        {
            applied = Resolve(_options.CurrentValue);
            foreach (int tid in ProcessThreads.Named(name))
            {
                if (tid == self || !_threads.TryAdd(tid, true))
                {
                    continue;
                }

                adopted.Add(tid);
                ok &= Apply(tid, applied);
            }
        }

        if (adopted.Count > 0)
        {
            PriorityLog.RuntimeThreads(_logger, adopted.Count, string.Join(",", adopted), applied.Nice, applied.PolicyText, applied.CpusText, ok ? "" : " (not every setting took: see the warning)");
        }

        return adopted.Count;
    }

    public void Dispose() => _onChange?.Dispose();

    private void Reapply(PriorityOptions options, string? name)
    {
        int count = 0;
        bool ok = true;
        Applied applied;
        lock (_gate)
        {
            applied = Resolve(options);
            if (_applied == applied || _threads.IsEmpty)
            {
                _applied = applied;
                return;
            }

            foreach (int tid in _threads.Keys)
            {
                if (!ThreadExists(tid))
                {
                    _threads.TryRemove(tid, out _);
                    continue;
                }

                ok &= Apply(tid, applied);
                count++;
            }
        }

        PriorityLog.Reapplied(_logger, applied.Nice, applied.PolicyText, applied.CpusText, count, ok ? "" : " (not every setting took: see the warning)");
    }

    private bool Apply(int tid, Applied applied)
    {
        _applied = applied;

        // Nice first: it is what applies under SCHED_OTHER, and it stays the fallback if a real-time policy is refused.
        bool ok = Check(ThreadScheduling.SetNice(tid, applied.Nice));
        ok &= Check(ThreadScheduling.SetPolicy(tid, applied.Policy, applied.RtPriority));
        if (applied.Cpus.Length > 0)
        {
            ok &= Check(ThreadScheduling.SetAffinity(tid, applied.Cpus));
        }

        return ok;
    }

    private Applied Resolve(PriorityOptions o)
    {
        int rt = o.Policy == SchedulingPolicy.Other ? 0 : o.RtPriority ?? 1;
        int[] cpus = !string.IsNullOrWhiteSpace(o.InferenceCpus) && CpuList.TryParse(o.InferenceCpus, out int[] parsed, out _) ? parsed : _processCpus;
        return new Applied(o.Nice, o.Policy, rt, cpus, CpuList.Format(cpus));
    }

    private static bool ThreadExists(int tid) => Directory.Exists($"/proc/self/task/{tid}");

    private bool Check(SchedulingResult result)
    {
        // A thread that ended is not a refusal: it needs nothing any more.
        if (!result.IsOk && result.Errno != SchedulingResult.ESRCH && _reported.TryAdd(result.Call.Split('(')[0] + result.Errno, true))
        {
            PriorityLog.Refused(_logger, result.Describe());
        }

        return result.IsOk || result.Errno == SchedulingResult.ESRCH;
    }

    /// <summary>The settings as applied: compared by value, the CPU list by its text.</summary>
    private sealed record Applied(int Nice, SchedulingPolicy Policy, int RtPriority, int[] Cpus, string CpusText)
    {
        public string PolicyText => Policy == SchedulingPolicy.Other ? "SCHED_OTHER" : $"{ThreadScheduling.Name(Policy)} {RtPriority}";

        public bool Equals(Applied? other) =>
            other is not null && Nice == other.Nice && Policy == other.Policy && RtPriority == other.RtPriority && CpusText == other.CpusText;

        public override int GetHashCode() => HashCode.Combine(Nice, Policy, RtPriority, CpusText);
    }
}
