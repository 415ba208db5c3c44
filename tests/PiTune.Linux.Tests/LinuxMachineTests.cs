using PiTune.Core.Platform;
using PiTune.Linux.Tests.Support;
using PiTune.Simulation;

namespace PiTune.Linux.Tests;

public sealed class LinuxMachineTests
{
    [Fact]
    public void A_pi5_tree_is_discovered_whole()
    {
        using TempRoot root = TempRoot.Pi5();

        LinuxMachine machine = LinuxMachine.Discover(root.Files);

        Assert.Equal(root.Files.Root, machine.Root);
        ICpuFreqPolicy policy = Assert.Single(machine.CpuFreqPolicies);
        Assert.Equal("policy0", policy.Name);
        Assert.Equal([0, 1, 2, 3], policy.Cpus);
        Assert.Equal(4, machine.CpuCount);
        Assert.Equal("cpu-thermal", Assert.Single(machine.ThermalZones).Type);
        Assert.Same(machine.ThermalZones[0], machine.CpuZone);
        Assert.Equal("pwm-fan", Assert.Single(machine.CoolingDevices).Type);
        Assert.Same(machine.CoolingDevices[0], machine.FanCoolingDevice);
        Assert.Equal(["hwmon0", "hwmon1", "hwmon2"], machine.Hwmon.Select(h => h.Id));
        Assert.Equal(["cpu_thermal", "rpi_volt", "pwmfan"], machine.Hwmon.Select(h => h.Name));
        Assert.Equal("hwmon2", machine.FanHwmon?.Id);
        Assert.True(machine.FanHwmon!.HasPwm);
        Assert.True(machine.FanHwmon.HasTachometer);
        Assert.Equal("hwmon1", machine.VoltageMonitor?.Id);
        Assert.False(machine.VoltageMonitor!.HasPwm);
        Assert.NotNull(machine.Firmware);
        Assert.Equal(ThrottleFlags.None, machine.Firmware.ReadThrottled().Value);
    }

    [Fact]
    public void The_pi5_description_is_one_line_naming_everything()
    {
        using TempRoot root = TempRoot.Pi5();

        string description = LinuxMachine.Discover(root.Files).Describe();

        Assert.Equal(
            "cpufreq: 1 policy, 4 cpus, 1.5–2.4 GHz; thermal: cpu-thermal; fan: pwmfan via hwmon2 (kernel-driven); " +
            "throttle flags: yes; under-voltage alarm: rpi_volt (hwmon1); PSI: yes",
            description);
    }

    [Fact]
    public void A_zone_in_user_space_is_described_as_not_driving_the_fan()
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.Zone + "/policy", "user_space\n");

        Assert.Contains("fan: pwmfan via hwmon2 (thermal_zone0 policy user_space: not kernel-driven)", LinuxMachine.Discover(root.Files).Describe());
    }

    [Fact]
    public void An_empty_folder_is_a_machine_with_nothing()
    {
        using TempRoot root = TempRoot.Empty();

        LinuxMachine machine = LinuxMachine.Discover(root.Files);

        Assert.Empty(machine.CpuFreqPolicies);
        Assert.Empty(machine.ThermalZones);
        Assert.Empty(machine.CoolingDevices);
        Assert.Empty(machine.Hwmon);
        Assert.Null(machine.Firmware);
        Assert.Null(machine.CpuZone);
        Assert.Null(machine.FanHwmon);
        Assert.Null(machine.FanCoolingDevice);
        Assert.Null(machine.VoltageMonitor);
        Assert.Equal(1, machine.CpuCount);
        Assert.Equal(ReadStatus.Missing, machine.ProcStat.Read(out _, new CpuTimes[1]).Status);
        Assert.Equal(ReadStatus.Missing, machine.MemInfo.Read().Status);
        Assert.Equal(ReadStatus.Missing, machine.Pressure.Read(PressureResource.Cpu).Status);
        Assert.Equal(ReadStatus.Missing, machine.Swaps.Read().Status);
        Assert.Equal(ReadStatus.Missing, machine.Vm.ReadInteger("swappiness").Status);
    }

    [Fact]
    public void The_empty_description_says_what_is_missing()
    {
        using TempRoot root = TempRoot.Empty();

        Assert.Equal(
            "cpufreq: none (no sys/devices/system/cpu/cpufreq); thermal: none; fan: none; throttle flags: no; " +
            "under-voltage alarm: none; PSI: no; /proc/stat: missing; /proc/meminfo: missing",
            LinuxMachine.Discover(root.Files).Describe());
    }

    [Fact]
    public void Without_a_zone_named_cpu_thermal_the_first_zone_stands_for_the_cpu()
    {
        using TempRoot root = TempRoot.Empty()
            .Write("sys/class/thermal/thermal_zone10/type", "gpu-thermal\n")
            .Write("sys/class/thermal/thermal_zone2/type", "soc-thermal\n")
            .Write("sys/class/thermal/thermal_zone_bogus/type", "x\n");

        LinuxMachine machine = LinuxMachine.Discover(root.Files);

        Assert.Equal(["thermal_zone2", "thermal_zone10"], machine.ThermalZones.Select(z => z.Name));
        Assert.Equal("thermal_zone2", machine.CpuZone?.Name);
    }

    [Fact]
    public void Without_a_pwmfan_any_hwmon_with_pwm1_is_the_fan()
    {
        using TempRoot root = TempRoot.Empty()
            .Write("sys/class/hwmon/hwmon0/name", "cpu_thermal\n")
            .Write("sys/class/hwmon/hwmon3/name", "emc2301\n")
            .Write("sys/class/hwmon/hwmon3/pwm1", "128\n");

        LinuxMachine machine = LinuxMachine.Discover(root.Files);

        Assert.Equal("hwmon3", machine.FanHwmon?.Id);
        Assert.False(machine.FanHwmon!.HasTachometer);
        Assert.Contains("fan: emc2301 via hwmon3 (no thermal binding: not kernel-driven)", machine.Describe());
    }

    [Fact]
    public void A_file_that_vanishes_after_discovery_reads_missing()
    {
        using TempRoot root = TempRoot.Pi5();
        LinuxMachine machine = LinuxMachine.Discover(root.Files);

        root.Delete(Pi5Layout.FanHwmon);
        root.Delete(Pi5Layout.Zone + "/temp");

        ReadResult<int> pwm = machine.FanHwmon!.ReadPwm(1);
        Assert.Equal(ReadStatus.Missing, pwm.Status);
        Assert.Equal("sys/class/hwmon/hwmon2/pwm1", pwm.Path);
        Assert.Equal(ReadStatus.Missing, machine.CpuZone!.ReadTemperature().Status);
    }

    [Fact]
    public void A_policy_with_unreadable_cpus_is_kept_with_none()
    {
        using TempRoot root = TempRoot.Pi5().Write(Pi5Layout.Policy + "/affected_cpus", "zero\n");

        Assert.Empty(Assert.Single(LinuxMachine.Discover(root.Files).CpuFreqPolicies).Cpus);
    }
}
