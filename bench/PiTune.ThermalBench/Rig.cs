using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PiTune.Core.Units;
using PiTune.Linux;
using PiTune.Linux.Fan;
using PiTune.Linux.Files;
using PiTune.Linux.Tuning;
using PiTune.Simulation;

namespace PiTune.ThermalBench;

/// <summary>A simulated Pi 5 in a temp folder with the real ledger and fan backend over it.</summary>
internal sealed class Rig : IDisposable
{
    private readonly string _dir;
    private long? _ceiling;

    public Rig(SimulationOptions options)
    {
        _dir = Path.Join(Path.GetTempPath(), $"pitune-thermalbench-{Guid.NewGuid():N}");
        Sim = new SimulatedPi5(Path.Join(_dir, "root"), options);
        Files = new RootedSysFiles(Sim.Root);
        Machine = LinuxMachine.Discover(Files);
        Ledger = TuningLedger.Open(Files, new StateOptions { Directory = Path.Join(_dir, "state") }, TimeProvider.System, NullLogger<TuningLedger>.Instance);
        Fan = new HwmonFan(Machine.FanHwmon!, Ledger);
        Frequencies = [.. Machine.CpuFreqPolicies[0].ReadAvailableFrequencies().Value!];
    }

    public SimulatedPi5 Sim { get; }

    public RootedSysFiles Files { get; }

    public LinuxMachine Machine { get; }

    public TuningLedger Ledger { get; }

    public HwmonFan Fan { get; }

    public IReadOnlyList<KiloHertz> Frequencies { get; }

    public KiloHertz Max => Frequencies[^1];

    /// <summary>The frequency ceiling, as the governor job applies a published cap: <c>scaling_max_freq</c> through the ledger.</summary>
    public void SetCeiling(KiloHertz? cap)
    {
        long value = (cap ?? Max).Value;
        if (_ceiling != value)
        {
            Ledger.Write(Machine.CpuFreqPolicies[0].MaxFrequency, value.ToString(CultureInfo.InvariantCulture));
            _ceiling = value;
        }
    }

    public void Dispose()
    {
        Ledger.RestoreAll();
        Directory.Delete(_dir, recursive: true);
    }
}
