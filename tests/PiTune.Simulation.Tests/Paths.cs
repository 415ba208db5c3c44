namespace PiTune.Simulation.Tests;

internal static class Paths
{
    public const string Governor = Pi5Layout.Policy + "/scaling_governor";
    public const string MaxFreq = Pi5Layout.Policy + "/scaling_max_freq";
    public const string MinFreq = Pi5Layout.Policy + "/scaling_min_freq";
    public const string SetSpeed = Pi5Layout.Policy + "/scaling_setspeed";
    public const string CurFreq = Pi5Layout.Policy + "/scaling_cur_freq";
    public const string CpuInfoCurFreq = Pi5Layout.Policy + "/cpuinfo_cur_freq";
    public const string ZonePolicy = Pi5Layout.Zone + "/policy";
    public const string ZoneTemp = Pi5Layout.Zone + "/temp";
    public const string HwmonTemp = Pi5Layout.CpuThermalHwmon + "/temp1_input";
    public const string Pwm1 = Pi5Layout.FanHwmon + "/pwm1";
    public const string FanRpm = Pi5Layout.FanHwmon + "/fan1_input";
    public const string CurState = Pi5Layout.FanCoolingDevice + "/cur_state";
    public const string GetThrottled = "sys/devices/platform/soc/soc:firmware/get_throttled";
    public const string UnderVoltageAlarm = Pi5Layout.VoltHwmon + "/in0_lcrit_alarm";
    public const string ProcStat = "proc/stat";
    public const string MemInfo = "proc/meminfo";
    public const string MemoryPressure = "proc/pressure/memory";
    public const string CpuPressure = "proc/pressure/cpu";
    public const string Swappiness = "proc/sys/vm/swappiness";
}
