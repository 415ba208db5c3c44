namespace PiTune.Simulation.Model;

/// <summary>
/// The kernel's cpufreq governors on the Pi 5's single policy, reduced to the frequency each would request for a load.
/// The result is the requested frequency, which is what <c>scaling_cur_freq</c> reports on a Pi.
/// </summary>
internal sealed class CpuFreqModel
{
    // drivers/cpufreq/cpufreq_ondemand.c: DEF_FREQUENCY_UP_THRESHOLD; above it ondemand jumps to the policy max.
    private const double OndemandUpThreshold = 0.80;

    // kernel/sched/cpufreq_schedutil.c get_next_freq: next = 1.25 × max × util / capacity.
    private const double SchedutilHeadroom = 1.25;

    // drivers/cpufreq/cpufreq_conservative.c defaults: 5 % of max per sample, up above 80 %, down below 20 %;
    // one sample per 100 ms here.
    private const double ConservativeStep = 0.05;
    private const double ConservativeSampleSeconds = 0.1;
    private const double ConservativeDownThreshold = 0.20;

    private readonly long[] _table;
    private double _conservativeKHz;

    public CpuFreqModel(long[] frequenciesKHz)
    {
        _table = [.. frequenciesKHz.Order()];
        RequestedKHz = _table[0];
        _conservativeKHz = _table[0];
    }

    public long MinKHz => _table[0];

    public long MaxKHz => _table[^1];

    public long RequestedKHz { get; private set; }

    /// <summary>Updates and returns the requested frequency. <paramref name="maxCoreLoad"/> is the busiest core's 0–1 load.</summary>
    public long Next(in CpuFreqSettings settings, double maxCoreLoad, double seconds)
    {
        // cpufreq clamps the limits to the hardware's, and since freq QoS a max below the min wins.
        long max = Math.Clamp(settings.MaxKHz, MinKHz, MaxKHz);
        long min = Math.Min(Math.Clamp(settings.MinKHz, MinKHz, MaxKHz), max);
        double load = Math.Clamp(maxCoreLoad, 0, 1);

        RequestedKHz = settings.Governor switch
        {
            "performance" => Resolve(max, min, max, Relation.Highest),
            "powersave" => Resolve(min, min, max, Relation.Lowest),
            "ondemand" => load > OndemandUpThreshold
                ? Resolve(max, min, max, Relation.Highest)
                : Resolve(MinKHz + (load * (max - MinKHz)), min, max, Relation.Closest),
            "schedutil" => Resolve(SchedutilHeadroom * MaxKHz * load, min, max, Relation.Lowest),
            "conservative" => Conservative(load, min, max, seconds),
            "userspace" => Resolve(settings.SetSpeedKHz ?? RequestedKHz, min, max, Relation.Lowest),
            _ => Resolve(RequestedKHz, min, max, Relation.Closest),
        };
        return RequestedKHz;
    }

    private long Conservative(double load, long min, long max, double seconds)
    {
        double step = ConservativeStep * MaxKHz * seconds / ConservativeSampleSeconds;
        if (load > OndemandUpThreshold)
        {
            _conservativeKHz += step;
        }
        else if (load < ConservativeDownThreshold)
        {
            _conservativeKHz -= step;
        }

        _conservativeKHz = Math.Clamp(_conservativeKHz, min, max);
        return Resolve(_conservativeKHz, min, max, Relation.Closest);
    }

    /// <summary>Picks a table frequency inside [min, max] like cpufreq_frequency_table_target.</summary>
    private long Resolve(double target, long min, long max, Relation relation)
    {
        long best = -1;
        foreach (long f in _table)
        {
            if (f < min || f > max)
            {
                continue;
            }

            bool better = best < 0 || relation switch
            {
                Relation.Lowest => best < target ? f > best : f >= target && f < best,
                Relation.Highest => best > target ? f < best : f <= target && f > best,
                _ => Math.Abs(f - target) < Math.Abs(best - target),
            };
            if (better)
            {
                best = f;
            }
        }

        // Limits between two table steps: the kernel's table verify moves the max up to the next step; the lowest is as good.
        return best >= 0 ? best : _table.FirstOrDefault(f => f >= min, MaxKHz);
    }

    private enum Relation
    {
        /// <summary>Lowest frequency at or above the target (CPUFREQ_RELATION_L).</summary>
        Lowest,

        /// <summary>Highest frequency at or below the target (CPUFREQ_RELATION_H).</summary>
        Highest,

        /// <summary>Closest to the target (CPUFREQ_RELATION_C).</summary>
        Closest,
    }
}
