namespace PiTune.Simulation.Model;

/// <summary>
/// How busy each of the four cores is, and the cumulative <c>/proc/stat</c> counters that follow from it.
/// Inference work fills cores in order (a batch keeps whole cores busy); background work spreads over what is left.
/// </summary>
internal sealed class CpuLoadModel
{
    public const int Cores = 4;

    /// <summary>USER_HZ: /proc/stat counts in 1/100 s on every Linux ABI.</summary>
    public const double UserHz = 100;

    private readonly double[] _share = new double[Cores];
    private readonly double[] _busyJiffies = new double[Cores];
    private readonly double[] _idleJiffies = new double[Cores];
    private readonly ulong[] _busyOut = new ulong[Cores];
    private readonly ulong[] _idleOut = new ulong[Cores];

    /// <summary>Busy cores, 0–4.</summary>
    public double BusyCores { get; private set; }

    /// <summary>The busiest core's load, 0–1: what a shared-policy governor looks at.</summary>
    public double MaxCoreLoad { get; private set; }

    /// <summary>Share of time (0–100 %) that runnable work waited for a core: the "some" line of /proc/pressure/cpu.</summary>
    public double WaitingPercent { get; private set; }

    public void SetDemand(double workloadCores, double backgroundCores)
    {
        double work = Math.Clamp(workloadCores, 0, Cores);
        double background = Math.Clamp(backgroundCores, 0, Cores);
        double free = 0;
        for (int i = 0; i < Cores; i++)
        {
            _share[i] = Math.Clamp(work - i, 0, 1);
            free += 1 - _share[i];
        }

        double backgroundShare = free > 0 ? Math.Min(1, background / free) : 0;
        BusyCores = 0;
        MaxCoreLoad = 0;
        for (int i = 0; i < Cores; i++)
        {
            _share[i] += (1 - _share[i]) * backgroundShare;
            BusyCores += _share[i];
            MaxCoreLoad = Math.Max(MaxCoreLoad, _share[i]);
        }

        double demand = work + background;
        WaitingPercent = demand > Cores ? (demand - Cores) / demand * 100 : 0;
    }

    public void Accumulate(double seconds)
    {
        for (int i = 0; i < Cores; i++)
        {
            _busyJiffies[i] += _share[i] * seconds * UserHz;
            _idleJiffies[i] += (1 - _share[i]) * seconds * UserHz;
        }
    }

    public string ProcStat()
    {
        for (int i = 0; i < Cores; i++)
        {
            _busyOut[i] = (ulong)_busyJiffies[i];
            _idleOut[i] = (ulong)_idleJiffies[i];
        }

        return Pi5Layout.ProcStat(_busyOut, _idleOut);
    }
}
