using PiTune.Core.Governor;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Units;

namespace PiTune.Governor;

/// <summary>
/// Adds every cpufreq policy to the snapshot (<see cref="CpuMetrics.Policies"/>): governor, current and maximum
/// frequency, and the time spent under each governor. Runs on the sampler's thread; the reads are the cached,
/// allocation-free ones the sampler uses, so the cost is a few small reads per policy per tick.
/// </summary>
internal sealed class GovernorMetricsContributor(IMachine machine, TimeProvider time) : IMetricsContributor
{
    private readonly GovernorClock[] _clocks = machine.CpuFreqPolicies.Select(_ => new GovernorClock()).ToArray();

    public void Contribute(ResourceMetricsDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        IReadOnlyList<ICpuFreqPolicy> policies = machine.CpuFreqPolicies;
        if (policies.Count == 0)
        {
            return;
        }

        DateTimeOffset now = time.GetUtcNow();
        var result = new CpuFreqPolicyMetrics[policies.Count];
        for (int i = 0; i < policies.Count; i++)
        {
            ICpuFreqPolicy policy = policies[i];
            ReadResult<string> governor = policy.ReadGovernor();
            ReadResult<KiloHertz> current = policy.ReadCurrent();
            ReadResult<KiloHertz> max = policy.ReadScalingMax();
            string? name = governor.IsOk ? governor.Value : null;
            _clocks[i].Observe(name, now);
            result[i] = new CpuFreqPolicyMetrics(
                policy.Name,
                name,
                current.IsOk ? current.Value : null,
                max.IsOk ? max.Value : null,
                _clocks[i].Snapshot());
        }

        draft.Cpu = draft.Cpu with { Policies = result };
    }
}
