namespace PiTune.Core.Platform;

/// <summary>
/// Everything PiTune found on this machine at start-up, rooted at the configured root
/// (<c>/</c> on a real Pi, a folder in tests and the simulator).
/// Lists may be empty: a machine without cpufreq or a fan is still a machine to sample.
/// </summary>
public interface IMachine
{
    /// <summary>The directory treated as <c>/</c>.</summary>
    string Root { get; }

    IReadOnlyList<ICpuFreqPolicy> CpuFreqPolicies { get; }

    IReadOnlyList<IThermalZone> ThermalZones { get; }

    IReadOnlyList<ICoolingDevice> CoolingDevices { get; }

    IReadOnlyList<IHwmonDevice> Hwmon { get; }

    /// <summary>The Pi firmware's throttle flags; null when the file is not there (not a Pi, or a newer kernel).</summary>
    IFirmwareFlags? Firmware { get; }

    IProcStat ProcStat { get; }

    IMemInfo MemInfo { get; }

    IPressure Pressure { get; }

    IVmTunables Vm { get; }

    ISwapTable Swaps { get; }

    /// <summary>The number of CPUs <c>/proc/stat</c> listed at discovery (at least 1).</summary>
    int CpuCount { get; }

    /// <summary>The zone whose temperature stands for the CPU: <c>cpu-thermal</c> on a Pi, else the first zone.</summary>
    IThermalZone? CpuZone { get; }

    /// <summary>The fan's hwmon device (<c>pwmfan</c> on a Pi 5), if any.</summary>
    IHwmonDevice? FanHwmon { get; }

    /// <summary>The fan's cooling device (<c>pwm-fan</c> on a Pi 5), if any.</summary>
    ICoolingDevice? FanCoolingDevice { get; }

    /// <summary>The under-voltage monitor (<c>rpi_volt</c> hwmon), if any.</summary>
    IHwmonDevice? VoltageMonitor { get; }

    /// <summary>One line saying what was found and what is missing, for the start-up log.</summary>
    string Describe();
}
