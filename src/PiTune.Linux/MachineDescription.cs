using System.Globalization;
using System.Text;
using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Linux.Files;

namespace PiTune.Linux;

/// <summary>
/// The one start-up line saying what the machine has, e.g.
/// <c>cpufreq: 1 policy, 4 cpus, 1.5–2.4 GHz; thermal: cpu-thermal; fan: pwmfan via hwmon2 (kernel-driven); ...</c>,
/// and, for what is absent, what was looked for. Reads the files as they are now.
/// </summary>
internal static class MachineDescription
{
    /// <summary>The zone policy that hands cooling devices to user space; any other policy lets the kernel drive them.</summary>
    private const string UserSpacePolicy = "user_space";

    public static string Describe(IMachine machine, ISysFiles files)
    {
        var parts = new List<string>
        {
            "cpufreq: " + CpuFreq(machine, files),
            "thermal: " + Thermal(machine),
            "fan: " + Fan(machine),
            "throttle flags: " + (machine.Firmware is null ? "no" : "yes"),
            "under-voltage alarm: " + (machine.VoltageMonitor is { } volt ? $"{volt.Name} ({volt.Id})" : "none"),
            "PSI: " + Psi(machine),
        };

        ReadResult<int> stat = machine.ProcStat.Read(out _, []);
        if (!stat.IsOk)
        {
            parts.Add("/" + stat.Describe());
        }

        ReadResult<MemInfo> mem = machine.MemInfo.Read();
        if (!mem.IsOk)
        {
            parts.Add("/" + mem.Describe());
        }

        return string.Join("; ", parts);
    }

    private static string CpuFreq(IMachine machine, ISysFiles files)
    {
        IReadOnlyList<ICpuFreqPolicy> policies = machine.CpuFreqPolicies;
        if (policies.Count == 0)
        {
            return files.Exists(SysPaths.CpuFreq)
                ? $"none (no policy* in {SysPaths.CpuFreq})"
                : $"none (no {SysPaths.CpuFreq})";
        }

        int cpus = policies.SelectMany(p => p.Cpus).Distinct().Count();
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{policies.Count} {(policies.Count == 1 ? "policy" : "policies")}, ")
            .Append(CultureInfo.InvariantCulture, $"{cpus} {(cpus == 1 ? "cpu" : "cpus")}");

        KiloHertz[] mins = policies.Select(p => p.ReadCpuInfoMin()).Where(r => r.IsOk).Select(r => r.Value).ToArray();
        KiloHertz[] maxes = policies.Select(p => p.ReadCpuInfoMax()).Where(r => r.IsOk).Select(r => r.Value).ToArray();
        if (mins.Length > 0 && maxes.Length > 0)
        {
            text.Append(", ").Append(Range(mins.Min(), maxes.Max()));
        }

        return text.ToString();
    }

    private static string Range(KiloHertz min, KiloHertz max) =>
        min.Value >= 1_000_000
            ? string.Create(CultureInfo.InvariantCulture, $"{min.Gigahertz:0.0##}–{max.Gigahertz:0.0##} GHz")
            : $"{min}–{max}";

    private static string Thermal(IMachine machine) =>
        machine.ThermalZones.Count == 0
            ? "none"
            : string.Join(", ", machine.ThermalZones.Select(z => z.Type.Length > 0 ? z.Type : z.Name));

    /// <summary>
    /// Who moves the fan. A fan bound to the kernel's thermal framework (a <c>pwm-fan</c> cooling device) is
    /// driven by the CPU zone's governor (step_wise on a Pi 5) unless that zone's policy is user_space; a fan
    /// with no cooling device is moved by nobody until PiTune does.
    /// </summary>
    private static string Fan(IMachine machine)
    {
        string? device = machine.FanHwmon is { } fan ? $"{(fan.Name.Length > 0 ? fan.Name : "pwm")} via {fan.Id}"
            : machine.FanCoolingDevice is { } cooling ? $"{cooling.Type} via {cooling.Name}"
            : null;
        if (device is null)
        {
            return "none";
        }

        if (machine.FanCoolingDevice is null)
        {
            return $"{device} (no thermal binding: not kernel-driven)";
        }

        if (machine.CpuZone is not { } zone)
        {
            return $"{device} (no thermal zone)";
        }

        ReadResult<string> policy = zone.ReadPolicy();
        if (!policy.IsOk)
        {
            return $"{device} (zone policy unknown: {policy.Describe()})";
        }

        return policy.Value == UserSpacePolicy
            ? $"{device} ({zone.Name} policy user_space: not kernel-driven)"
            : $"{device} (kernel-driven)";
    }

    private static string Psi(IMachine machine)
    {
        ReadResult<PressureStall> cpu = machine.Pressure.Read(PressureResource.Cpu);
        return cpu.Status switch
        {
            ReadStatus.Ok => "yes",
            ReadStatus.Missing => "no",
            _ => "/" + cpu.Describe(),
        };
    }
}
