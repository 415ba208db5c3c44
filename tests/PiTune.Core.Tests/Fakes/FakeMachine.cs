using PiTune.Core.Platform;

namespace PiTune.Core.Tests.Fakes;

/// <summary>An in-memory machine for sampler and controller tests.</summary>
internal sealed class FakeMachine : IMachine, IMemInfo, IPressure, IVmTunables, ISwapTable
{
    public FakeMachine(int cores = 4)
    {
        CpuCount = cores;
        ProcStat = Stat = new FakeProcStat(cores);
    }

    public string Root => "/fake";
    public FakeProcStat Stat { get; }
    public List<ICpuFreqPolicy> Policies { get; } = [new FakeCpuFreqPolicy()];
    public FakeThermalZone Zone { get; } = new();
    public bool HasZone { get; set; } = true;
    public ReadResult<MemInfo> Memory { get; set; } = ReadResult<MemInfo>.Ok(new MemInfo(8L << 30, 6L << 30, 0, 0));
    public ReadResult<PressureStall> Psi { get; set; } = ReadResult<PressureStall>.Ok(new PressureStall(1.5, 1, 1, 100, 0, 0, 0, 0));

    public IReadOnlyList<ICpuFreqPolicy> CpuFreqPolicies => Policies;
    public IReadOnlyList<IThermalZone> ThermalZones => HasZone ? [Zone] : [];
    public IReadOnlyList<ICoolingDevice> CoolingDevices => [];
    public IReadOnlyList<IHwmonDevice> Hwmon => [];
    public IFirmwareFlags? Firmware => null;
    public IProcStat ProcStat { get; }
    public IMemInfo MemInfo => this;
    public IPressure Pressure => this;
    public IVmTunables Vm => this;
    public ISwapTable Swaps => this;
    public int CpuCount { get; }
    public IThermalZone? CpuZone => HasZone ? Zone : null;
    public IHwmonDevice? FanHwmon => null;
    public ICoolingDevice? FanCoolingDevice => null;
    public IHwmonDevice? VoltageMonitor => null;

    public string Describe() => "fake machine";

    ReadResult<MemInfo> IMemInfo.Read() => Memory;
    ReadResult<PressureStall> IPressure.Read(PressureResource resource) => Psi;
    Tunable? IVmTunables.Get(string key) => new($"proc/sys/vm/{key}");
    bool IVmTunables.Exists(string key) => true;
    ReadResult<long> IVmTunables.ReadInteger(string key) => ReadResult<long>.Ok(60);
    ReadResult<IReadOnlyList<SwapEntry>> ISwapTable.Read() => ReadResult<IReadOnlyList<SwapEntry>>.Ok([]);
}
