namespace PiTune.ThermalBench;

/// <summary>A load trace: busy cores at each second, its length, and how much the zone reading jitters.</summary>
internal sealed record LoadTrace(string Name, Func<TimeSpan, double> Workload, TimeSpan Length, double ZoneNoiseC)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan After = TimeSpan.FromMinutes(10);

    /// <summary>The trace: 5 min idle, 10 min of full inference load (4 cores), 10 min idle.</summary>
    public static LoadTrace Steady(double zoneNoiseC)
    {
        TimeSpan load = TimeSpan.FromMinutes(10);
        string name = zoneNoiseC > 0
            ? $"5 min idle, 10 min full load, 10 min idle; zone reading jitter ±{zoneNoiseC} °C"
            : "5 min idle, 10 min full load, 10 min idle";
        return new LoadTrace(name, at => at >= Idle && at < Idle + load ? 4 : 0, Idle + load + After, zoneNoiseC);
    }

    /// <summary>
    /// Request bursts: 5 min idle, 20 min of bursts of full load 20–120 s long with idle gaps of 15–240 s (drawn from a
    /// fixed seed, the same for every policy), 10 min idle. Gaps fall on both sides of PiTune's 2 min spin-down delay.
    /// </summary>
    public static LoadTrace Bursts(double zoneNoiseC, ulong seed = 2026)
    {
        TimeSpan span = TimeSpan.FromMinutes(20);
        var busy = new List<(TimeSpan From, TimeSpan To)>();
        ulong state = seed;
        TimeSpan at = Idle;
        while (at < Idle + span)
        {
            TimeSpan burst = TimeSpan.FromSeconds(20 + (int)(Next(ref state) % 101));
            TimeSpan to = at + burst < Idle + span ? at + burst : Idle + span;
            busy.Add((at, to));
            at = to + TimeSpan.FromSeconds(15 + (int)(Next(ref state) % 226));
        }

        double loadMinutes = busy.Sum(b => (b.To - b.From).TotalMinutes);
        string name = FormattableString.Invariant(
            $"5 min idle, 20 min of {busy.Count} bursts (seed {seed}, {loadMinutes:0.0} min of full load), 10 min idle; zone reading jitter ±{zoneNoiseC} °C");
        return new LoadTrace(name, t => busy.Exists(b => t >= b.From && t < b.To) ? 4 : 0, Idle + span + After, zoneNoiseC);
    }

    private static ulong Next(ref ulong state)
    {
        // SplitMix64: the burst pattern must not change with the runtime's Random implementation.
        ulong z = state += 0x9E37_79B9_7F4A_7C15;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
