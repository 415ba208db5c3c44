namespace PiTune.Linux;

/// <summary>Root-relative paths of the kernel interfaces PiTune uses (Linux ABI, Raspberry Pi OS Bookworm).</summary>
public static class SysPaths
{
    public const string CpuFreq = "sys/devices/system/cpu/cpufreq";
    public const string Thermal = "sys/class/thermal";
    public const string Hwmon = "sys/class/hwmon";
    public const string PwmChips = "sys/class/pwm";
    public const string Gpio = "sys/class/gpio";

    /// <summary>Deprecated but still present on many Pi kernels: the firmware's throttle bits in hex.</summary>
    public const string GetThrottled = "sys/devices/platform/soc/soc:firmware/get_throttled";

    /// <summary>NUL-terminated board name, e.g. "Raspberry Pi 5 Model B Rev 1.0".</summary>
    public const string DeviceTreeModel = "proc/device-tree/model";

    public const string ProcStat = "proc/stat";
    public const string MemInfo = "proc/meminfo";
    public const string Pressure = "proc/pressure";
    public const string Vm = "proc/sys/vm";
    public const string Swaps = "proc/swaps";

    public static string Policy(string policy) => $"{CpuFreq}/{policy}";

    public static string ThermalZone(string zone) => $"{Thermal}/{zone}";

    public static string CoolingDevice(string device) => $"{Thermal}/{device}";

    public static string HwmonDevice(string id) => $"{Hwmon}/{id}";

    public static string PwmChip(int chip) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{PwmChips}/pwmchip{chip}");
}
