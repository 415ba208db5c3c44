using PiTune.Core.Platform;
using PiTune.Linux.CpuFreq;
using PiTune.Linux.Files;
using PiTune.Linux.Firmware;
using PiTune.Linux.Hwmon;
using PiTune.Linux.Parsing;
using PiTune.Linux.Proc;
using PiTune.Linux.Thermal;

namespace PiTune.Linux;

/// <summary>
/// The machine as found under a root directory: what <see cref="Discover"/> lists once at start-up
/// (policies, zones, cooling devices, hwmon devices, their names and types), plus readers for procfs.
/// Devices that appear later are not picked up; ones that vanish read as Missing.
/// </summary>
public sealed class LinuxMachine : IMachine
{
    /// <summary>The Pi 5's CPU zone type.</summary>
    internal const string CpuThermalType = "cpu-thermal";
    internal const string FanHwmonName = "pwmfan";
    internal const string FanCoolingType = "pwm-fan";
    internal const string VoltageHwmonName = "rpi_volt";

    private readonly ISysFiles _files;

    private LinuxMachine(
        ISysFiles files,
        IReadOnlyList<ICpuFreqPolicy> policies,
        IReadOnlyList<IThermalZone> zones,
        IReadOnlyList<ICoolingDevice> coolingDevices,
        IReadOnlyList<IHwmonDevice> hwmon,
        IFirmwareFlags? firmware,
        ProcStatReader procStat)
    {
        _files = files;
        CpuFreqPolicies = policies;
        ThermalZones = zones;
        CoolingDevices = coolingDevices;
        Hwmon = hwmon;
        Firmware = firmware;
        ProcStat = procStat;
        MemInfo = new ProcMemInfo(files);
        Pressure = new ProcPressure(files);
        Vm = new ProcVmTunables(files);
        Swaps = new ProcSwaps(files);

        ReadResult<int> stat = procStat.Read(out _, [], out int highestCpu);
        CpuCount = stat.IsOk ? Math.Max(1, highestCpu + 1) : 1;
        CpuZone = zones.FirstOrDefault(z => z.Type == CpuThermalType) ?? (zones.Count > 0 ? zones[0] : null);
        FanHwmon = hwmon.FirstOrDefault(h => h.Name == FanHwmonName) ?? hwmon.FirstOrDefault(h => h.HasPwm);
        FanCoolingDevice = coolingDevices.FirstOrDefault(c => c.Type == FanCoolingType);
        VoltageMonitor = hwmon.FirstOrDefault(h => h.Name == VoltageHwmonName);
    }

    public string Root => _files.Root;

    public IReadOnlyList<ICpuFreqPolicy> CpuFreqPolicies { get; }

    public IReadOnlyList<IThermalZone> ThermalZones { get; }

    public IReadOnlyList<ICoolingDevice> CoolingDevices { get; }

    public IReadOnlyList<IHwmonDevice> Hwmon { get; }

    public IFirmwareFlags? Firmware { get; }

    public IProcStat ProcStat { get; }

    public IMemInfo MemInfo { get; }

    public IPressure Pressure { get; }

    public IVmTunables Vm { get; }

    public ISwapTable Swaps { get; }

    /// <summary>The highest <c>cpuN</c> in <c>/proc/stat</c> plus one (so offline CPUs keep their index), at least 1.</summary>
    public int CpuCount { get; }

    public IThermalZone? CpuZone { get; }

    public IHwmonDevice? FanHwmon { get; }

    public ICoolingDevice? FanCoolingDevice { get; }

    public IHwmonDevice? VoltageMonitor { get; }

    /// <summary>Lists what is under the root. Never throws for what is missing: an empty folder is a machine with nothing.</summary>
    public static LinuxMachine Discover(ISysFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);

        var policies = NumberedEntries.List(files, SysPaths.CpuFreq, "policy")
            .Select(name => (ICpuFreqPolicy)new SysfsCpuFreqPolicy(files, name, ReadCpus(files, name)))
            .ToArray();

        var zones = NumberedEntries.List(files, SysPaths.Thermal, "thermal_zone")
            .Select(name => (IThermalZone)new SysfsThermalZone(files, name, ReadName(files, $"{SysPaths.ThermalZone(name)}/type")))
            .ToArray();

        var cooling = NumberedEntries.List(files, SysPaths.Thermal, "cooling_device")
            .Select(name => (ICoolingDevice)new SysfsCoolingDevice(files, name, ReadName(files, $"{SysPaths.CoolingDevice(name)}/type")))
            .ToArray();

        var hwmon = NumberedEntries.List(files, SysPaths.Hwmon, "hwmon")
            .Select(id =>
            {
                string dir = SysPaths.HwmonDevice(id);
                return (IHwmonDevice)new SysfsHwmonDevice(
                    files, id, ReadName(files, $"{dir}/name"), files.Exists($"{dir}/pwm1"), files.Exists($"{dir}/fan1_input"));
            })
            .ToArray();

        IFirmwareFlags? firmware = files.Exists(SysPaths.GetThrottled) ? new SysfsFirmwareFlags(files) : null;
        return new LinuxMachine(files, policies, zones, cooling, hwmon, firmware, new ProcStatReader(files));
    }

    public string Describe() => MachineDescription.Describe(this, _files);

    public override string ToString() => Describe();

    /// <summary><c>affected_cpus</c>; a policy whose CPUs cannot be read is still listed, with none.</summary>
    private static IReadOnlyList<int> ReadCpus(ISysFiles files, string policy)
    {
        ReadResult<IReadOnlyList<int>> cpus = SysRead.Small(files, $"{SysPaths.Policy(policy)}/affected_cpus", SysfsParse.CpuList, 1024);
        return cpus.IsOk ? cpus.Value : [];
    }

    /// <summary>A name or type attribute read once; empty when unreadable (the directory name still identifies it).</summary>
    private static string ReadName(ISysFiles files, string path)
    {
        ReadResult<string> text = files.ReadText(path);
        return text.IsOk ? text.Value.Trim() : "";
    }
}
