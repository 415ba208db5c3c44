using System.Globalization;
using PiTune.Linux;

namespace PiTune.Simulation;

/// <summary>
/// Writes a folder laid out like a Raspberry Pi 5's sysfs and procfs (Raspberry Pi OS Bookworm, kernel 6.6),
/// with the values a freshly booted, idle Pi 5 shows. The simulator updates it; tests build on it.
/// </summary>
public static class Pi5Layout
{
    /// <summary>The Pi 5's cpufreq steps (kHz); the firmware offers 1.5–2.4 GHz in 100 MHz steps.</summary>
    public static readonly long[] FrequenciesKHz =
        [1500000, 1600000, 1700000, 1800000, 1900000, 2000000, 2100000, 2200000, 2300000, 2400000];

    public const string Policy = SysPaths.CpuFreq + "/policy0";
    public const string Zone = SysPaths.Thermal + "/thermal_zone0";
    public const string FanCoolingDevice = SysPaths.Thermal + "/cooling_device0";
    public const string CpuThermalHwmon = SysPaths.Hwmon + "/hwmon0";
    public const string VoltHwmon = SysPaths.Hwmon + "/hwmon1";
    public const string FanHwmon = SysPaths.Hwmon + "/hwmon2";

    /// <summary>Active trip points of the Pi 5 device tree (m°C), each with 5 °C hysteresis; the kernel fan levels for them.</summary>
    public static readonly int[] ActiveTripsMilli = [50000, 60000, 67500, 75000];
    public static readonly int[] FanLevels = [0, 75, 125, 175, 250];

    public const long MemTotalKb = 8_245_520;

    /// <summary>MemAvailable of an idle 8 GB Pi 5 (kB).</summary>
    public const long MemAvailableKb = 7_600_000;

    /// <summary>Raspberry Pi OS's default 100 MB swap file (kB).</summary>
    public const long SwapTotalKb = 102_396;

    /// <summary>Writes the whole tree under <paramref name="root"/> (created if needed) and returns it.</summary>
    public static string Write(string root, double temperatureC = 45.0)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Directory.CreateDirectory(root);

        string freqs = string.Join(' ', FrequenciesKHz.Select(f => f.ToString(CultureInfo.InvariantCulture)));
        Put(root, Policy, new()
        {
            ["affected_cpus"] = "0 1 2 3",
            ["related_cpus"] = "0 1 2 3",
            ["scaling_driver"] = "cpufreq-dt",
            ["scaling_governor"] = "ondemand",
            ["scaling_available_governors"] = "conservative ondemand userspace powersave performance schedutil",
            ["scaling_available_frequencies"] = freqs,
            ["scaling_min_freq"] = "1500000",
            ["scaling_max_freq"] = "2400000",
            ["scaling_cur_freq"] = "1500000",
            ["cpuinfo_min_freq"] = "1500000",
            ["cpuinfo_max_freq"] = "2400000",
            ["cpuinfo_cur_freq"] = "1500000",

            // What the kernel shows while the governor is not userspace.
            ["scaling_setspeed"] = "<unsupported>",
        });

        var zone = new Dictionary<string, string>
        {
            ["type"] = "cpu-thermal",
            ["temp"] = ((long)Math.Round(temperatureC * 1000)).ToString(CultureInfo.InvariantCulture),
            ["policy"] = "step_wise",
            ["available_policies"] = "step_wise power_allocator user_space",
            ["mode"] = "enabled",
            ["trip_point_0_temp"] = "110000",
            ["trip_point_0_type"] = "critical",
            ["trip_point_0_hyst"] = "0",
        };
        for (int i = 0; i < ActiveTripsMilli.Length; i++)
        {
            zone[$"trip_point_{i + 1}_temp"] = ActiveTripsMilli[i].ToString(CultureInfo.InvariantCulture);
            zone[$"trip_point_{i + 1}_type"] = "active";
            zone[$"trip_point_{i + 1}_hyst"] = "5000";
        }

        Put(root, Zone, zone);
        Put(root, FanCoolingDevice, new() { ["type"] = "pwm-fan", ["cur_state"] = "0", ["max_state"] = "4" });
        Put(root, CpuThermalHwmon, new() { ["name"] = "cpu_thermal", ["temp1_input"] = zone["temp"] });
        Put(root, VoltHwmon, new() { ["name"] = "rpi_volt", ["in0_lcrit_alarm"] = "0" });
        Put(root, FanHwmon, new() { ["name"] = "pwmfan", ["pwm1"] = "0", ["pwm1_enable"] = "2", ["fan1_input"] = "0" });
        Put(root, "sys/devices/platform/soc/soc:firmware", new() { ["get_throttled"] = "0" });
        Put(root, "sys/devices/system/cpu", new() { ["online"] = "0-3", ["possible"] = "0-3", ["present"] = "0-3" });

        File.WriteAllText(Path.Join(root, EnsureDir(root, "proc/device-tree"), "model"), "Raspberry Pi 5 Model B Rev 1.0\0");
        Put(root, "proc", new()
        {
            ["stat"] = ProcStat(new ulong[4], new ulong[4]),
            ["meminfo"] = MemInfo(MemTotalKb, MemAvailableKb, SwapTotalKb, SwapTotalKb),
            ["swaps"] = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/var/swap                               file\t\t102396\t\t0\t\t-2\n",
        });
        Put(root, SysPaths.Pressure, new()
        {
            ["cpu"] = Pressure(0.0, includeFull: true),
            ["memory"] = Pressure(0.0, includeFull: true),
            ["io"] = Pressure(0.0, includeFull: true),
        });
        Put(root, SysPaths.Vm, new()
        {
            ["swappiness"] = "60",
            ["vfs_cache_pressure"] = "100",
            ["dirty_ratio"] = "20",
            ["dirty_background_ratio"] = "10",
            ["min_free_kbytes"] = "16384",
            ["overcommit_memory"] = "0",
        });
        return root;
    }

    /// <summary><c>/proc/stat</c> text for four cores given busy and idle jiffies per core.</summary>
    public static string ProcStat(ReadOnlySpan<ulong> busy, ReadOnlySpan<ulong> idle)
    {
        var sb = new System.Text.StringBuilder();
        ulong totalBusy = 0, totalIdle = 0;
        for (int i = 0; i < busy.Length; i++)
        {
            totalBusy += busy[i];
            totalIdle += idle[i];
        }

        // user nice system idle iowait irq softirq steal guest guest_nice; busy time split 9:1 user:system.
        sb.Append(CultureInfo.InvariantCulture, $"cpu  {totalBusy * 9 / 10} 0 {totalBusy - (totalBusy * 9 / 10)} {totalIdle} 0 0 0 0 0 0\n");
        for (int i = 0; i < busy.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"cpu{i} {busy[i] * 9 / 10} 0 {busy[i] - (busy[i] * 9 / 10)} {idle[i]} 0 0 0 0 0 0\n");
        }

        sb.Append("intr 0\nctxt 0\nbtime 1732435200\nprocesses 1\nprocs_running 1\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
        return sb.ToString();
    }

    /// <summary><c>/proc/meminfo</c> text (kB) with the fields the kernel prints first.</summary>
    public static string MemInfo(long totalKb, long availableKb, long swapTotalKb, long swapFreeKb) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            MemTotal:       {totalKb,8} kB
            MemFree:        {availableKb * 8 / 10,8} kB
            MemAvailable:   {availableKb,8} kB
            Buffers:           40000 kB
            Cached:         {availableKb / 10,8} kB
            SwapCached:            0 kB
            Active:           400000 kB
            Inactive:         300000 kB
            SwapTotal:      {swapTotalKb,8} kB
            SwapFree:       {swapFreeKb,8} kB
            Dirty:               100 kB
            Shmem:              9000 kB

            """);

    /// <summary>A PSI file's text with the same avg in all three windows.</summary>
    public static string Pressure(double avg, bool includeFull, ulong totalMicros = 0)
    {
        string some = PressureLine("some", avg, avg, avg, totalMicros);
        return includeFull ? some + PressureLine("full", avg, avg, avg, totalMicros) : some;
    }

    /// <summary>One line of a PSI file: <c>some avg10=0.00 avg60=0.00 avg300=0.00 total=0</c>.</summary>
    public static string PressureLine(string kind, double avg10, double avg60, double avg300, ulong totalMicros) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind} avg10={avg10:0.00} avg60={avg60:0.00} avg300={avg300:0.00} total={totalMicros}\n");

    private static void Put(string root, string dir, Dictionary<string, string> files)
    {
        string full = Path.Join(root, EnsureDir(root, dir));
        foreach ((string name, string value) in files)
        {
            File.WriteAllText(Path.Join(full, name), value.EndsWith('\n') || value.EndsWith('\0') ? value : value + "\n");
        }
    }

    private static string EnsureDir(string root, string dir)
    {
        Directory.CreateDirectory(Path.Join(root, dir));
        return dir;
    }
}
