using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Priority;
using PiTune.Linux.Scheduling;

namespace PiTune.Priority;

/// <summary>
/// At start, keeps the daemon's own non-inference threads on <c>Priority:HousekeepingCpus</c> (when set). Threads made
/// later inherit their creator's CPUs, and inference threads take their own set through <see cref="InferenceThreadSetup"/>.
/// Works on this process's threads (<c>/proc/self/task</c>), never on the machine's settings, so nothing goes in the ledger.
/// </summary>
internal sealed class HousekeepingAffinityService(
    IOptionsMonitor<PriorityOptions> options,
    InferenceThreadSetup inference,
    ILogger<HousekeepingAffinityService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        string? list = options.CurrentValue.HousekeepingCpus;
        if (string.IsNullOrWhiteSpace(list) || !CpuList.TryParse(list, out int[] cpus, out _))
        {
            return Task.CompletedTask;
        }

        int applied = 0;
        foreach (string dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int tid) || inference.IsInferenceThread(tid))
            {
                continue;
            }

            SchedulingResult result = ThreadScheduling.SetAffinity(tid, cpus);
            if (result.IsOk)
            {
                applied++;
            }
            else if (result.Errno != SchedulingResult.ESRCH)
            {
                PriorityLog.HousekeepingRefused(logger, result.Describe());
                return Task.CompletedTask;
            }
        }

        PriorityLog.Housekeeping(logger, CpuList.Format(cpus), applied);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
