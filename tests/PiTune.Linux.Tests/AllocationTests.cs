using PiTune.Core.Platform;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests;

/// <summary>
/// The sampler reads these every tick for the daemon's whole life: they must not feed the GC.
/// Counts bytes allocated on this thread, so the result does not depend on timing or machine load.
/// </summary>
public sealed class AllocationTests
{
    private const int Calls = 1000;

    [Fact]
    public void A_sampling_tick_over_a_pi5_folder_allocates_nothing_in_steady_state()
    {
        using TempRoot root = TempRoot.Pi5();
        LinuxMachine machine = LinuxMachine.Discover(root.Files);
        var perCpu = new CpuTimes[machine.CpuCount];
        ICpuFreqPolicy policy = machine.CpuFreqPolicies[0];
        IThermalZone zone = machine.CpuZone!;
        IHwmonDevice fan = machine.FanHwmon!;
        ICoolingDevice cooling = machine.FanCoolingDevice!;
        IFirmwareFlags firmware = machine.Firmware!;
        IHwmonDevice volt = machine.VoltageMonitor!;

        int Tick()
        {
            int ok = 0;
            ok += policy.ReadCurrent().IsOk ? 1 : 0;
            ok += policy.ReadScalingMax().IsOk ? 1 : 0;
            ok += policy.ReadGovernor().IsOk ? 1 : 0;
            ok += zone.ReadTemperature().IsOk ? 1 : 0;
            ok += fan.ReadPwm(1).IsOk ? 1 : 0;
            ok += fan.ReadFanRpm(1).IsOk ? 1 : 0;
            ok += cooling.ReadCurrentState().IsOk ? 1 : 0;
            ok += cooling.ReadMaxState().IsOk ? 1 : 0;
            ok += firmware.ReadThrottled().IsOk ? 1 : 0;
            ok += volt.ReadLowCriticalAlarm().IsOk ? 1 : 0;
            ok += machine.MemInfo.Read().IsOk ? 1 : 0;
            ok += machine.Pressure.Read(PressureResource.Cpu).IsOk ? 1 : 0;
            ok += machine.Pressure.Read(PressureResource.Memory).IsOk ? 1 : 0;
            ok += machine.Pressure.Read(PressureResource.Io).IsOk ? 1 : 0;
            ok += machine.ProcStat.Read(out _, perCpu).IsOk ? 1 : 0;
            return ok;
        }

        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(15, Tick());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            Tick();
        }

        long perTick = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        Assert.True(perTick == 0, $"a tick allocated {perTick} bytes");
    }

    [Fact]
    public void Reading_an_unchanged_governor_allocates_nothing()
    {
        using TempRoot root = TempRoot.Pi5();
        ICpuFreqPolicy policy = LinuxMachine.Discover(root.Files).CpuFreqPolicies[0];
        policy.ReadGovernor();
        policy.ReadGovernor();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            policy.ReadGovernor();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
