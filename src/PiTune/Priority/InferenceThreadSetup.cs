using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Inference;
using PiTune.Core.Priority;
using PiTune.Linux.Scheduling;

namespace PiTune.Priority;

/// <summary>
/// <see cref="IInferenceThreadSetup"/> on Linux: nice via <c>setpriority</c>, the policy via <c>sched_setscheduler</c>
/// and CPUs via <c>sched_setaffinity</c>, each on the calling thread's id only (never the whole daemon). A refusal is
/// logged once per kind (not once per thread) and the thread keeps its default for that setting. Thread-safe.
/// </summary>
internal sealed class InferenceThreadSetup : IInferenceThreadSetup
{
    private readonly IOptionsMonitor<PriorityOptions> _options;
    private readonly ILogger<InferenceThreadSetup> _logger;
    private readonly ConcurrentDictionary<int, bool> _threads = new();
    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);
    private readonly int[] _processCpus;

    public InferenceThreadSetup(IOptionsMonitor<PriorityOptions> options, ILogger<InferenceThreadSetup> logger)
    {
        _options = options;
        _logger = logger;

        // Taken before housekeeping narrows the daemon's threads: an inference thread (which inherits the
        // housekeeping CPUs from the thread that made it) gets these back when no InferenceCpus are set.
        _processCpus = ThreadScheduling.GetAffinity(ThreadScheduling.CurrentThreadId()) ?? [];
    }

    /// <summary>Thread ids set up as inference threads (housekeeping leaves them alone).</summary>
    public bool IsInferenceThread(int tid) => _threads.ContainsKey(tid);

    public bool ApplyToCurrentThread()
    {
        PriorityOptions o = _options.CurrentValue;
        int tid = ThreadScheduling.CurrentThreadId();
        _threads[tid] = true;

        // Nice first: it is what applies under SCHED_OTHER, and it stays the fallback if a real-time policy is refused.
        bool ok = Check(ThreadScheduling.SetNice(tid, o.Nice));
        int rt = o.Policy == SchedulingPolicy.Other ? 0 : o.RtPriority ?? 1;
        ok &= Check(ThreadScheduling.SetPolicy(tid, o.Policy, rt));

        int[] cpus = !string.IsNullOrWhiteSpace(o.InferenceCpus) && CpuList.TryParse(o.InferenceCpus, out int[] parsed, out _) ? parsed : _processCpus;
        if (cpus.Length > 0)
        {
            ok &= Check(ThreadScheduling.SetAffinity(tid, cpus));
        }

        if (ok && _reported.TryAdd("applied", true))
        {
            PriorityLog.Applied(_logger, tid, o.Nice, o.Policy == SchedulingPolicy.Other ? "SCHED_OTHER" : $"{ThreadScheduling.Name(o.Policy)} {rt}", CpuList.Format(cpus));
        }

        return ok;
    }

    private bool Check(SchedulingResult result)
    {
        if (!result.IsOk && _reported.TryAdd(result.Call.Split('(')[0] + result.Errno, true))
        {
            PriorityLog.Refused(_logger, result.Describe());
        }

        return result.IsOk;
    }
}
