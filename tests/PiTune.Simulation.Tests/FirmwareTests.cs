using PiTune.Core.Platform;
using PiTune.Simulation.Model;

namespace PiTune.Simulation.Tests;

public sealed class FirmwareTests
{
    [Theory]
    [InlineData(79.9, 2400000, 0x0u)]
    [InlineData(80.0, 2400000, 0x80008u)]
    [InlineData(81.0, 2200000, 0xA000Au)]
    [InlineData(82.5, 1900000, 0xA000Au)]
    [InlineData(84.9, 1500000, 0xA000Au)]
    [InlineData(85.0, 1500000, 0xE000Eu)]
    [InlineData(95.0, 1500000, 0xE000Eu)]
    public void The_firmware_caps_the_clock_progressively_from_80_C_and_throttles_hard_at_85_C(double c, long capKHz, uint flags)
    {
        var firmware = new FirmwareModel(1500000, 2400000);

        firmware.Update(c, underVoltage: false);

        Assert.Equal(capKHz, firmware.CapKHz);
        Assert.Equal(flags, (uint)firmware.Flags);
    }

    [Fact]
    public void The_occurred_bits_stay_set_after_the_board_cools()
    {
        var firmware = new FirmwareModel(1500000, 2400000);
        firmware.Update(86, underVoltage: false);

        firmware.Update(60, underVoltage: false);

        Assert.Equal(ThrottleFlags.ThrottledOccurred | ThrottleFlags.ArmFrequencyCappedOccurred | ThrottleFlags.SoftTemperatureLimitOccurred, firmware.Flags);
        Assert.Equal(2400000, firmware.CapKHz);
        Assert.Equal("e0000", FirmwareModel.Format(firmware.Flags));
    }

    [Fact]
    public void Get_throttled_reads_0_on_a_cool_board_and_reports_the_soft_limit_once_it_passes_80_C()
    {
        using var sim = new SimRoot(new SimulationOptions { FanInstalled = false });
        Assert.Equal("0", sim.Read(Paths.GetThrottled));
        Assert.Equal("0", sim.Read(Paths.UnderVoltageAlarm));

        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);
        sim.Seconds(600);

        uint flags = Convert.ToUInt32(sim.Read(Paths.GetThrottled), 16);
        Assert.Equal((uint)sim.Pi.ThrottleBits, flags);
        Assert.True((flags & 0x80000u) != 0, $"get_throttled = {flags:x}");
        Assert.True((flags & 0x8u) != 0, "still at the soft limit under full load");
    }

    [Fact]
    public void A_capped_clock_is_not_visible_in_cpufreq_only_in_get_throttled()
    {
        using var sim = new SimRoot(new SimulationOptions { FanInstalled = false, AmbientC = 35 });
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);

        sim.Seconds(10 * 60);

        Assert.True(sim.Pi.Frequency.Value < 2400000);
        Assert.Equal("2400000", sim.Read(Paths.CurFreq));
        Assert.Equal("2400000", sim.Read(Paths.CpuInfoCurFreq));
        Assert.True(sim.Pi.ThrottleBits.HasFlag(ThrottleFlags.ArmFrequencyCapped));
    }

    [Fact]
    public void Once_cooled_down_only_the_occurred_bits_remain()
    {
        using var sim = new SimRoot(new SimulationOptions { FanInstalled = false, AmbientC = 35 });
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);
        sim.Seconds(10 * 60);

        sim.Pi.SetWorkload(0);
        sim.Write(Paths.Governor, "powersave");
        sim.Write(Paths.ZonePolicy, "user_space");
        sim.Seconds(10 * 60);

        Assert.Equal("e0000", sim.Read(Paths.GetThrottled));
    }

    [Fact]
    public void An_under_voltage_option_sets_bit_0_its_sticky_bit_and_the_rpi_volt_alarm()
    {
        using var sim = new SimRoot(new SimulationOptions { UnderVoltage = true });
        sim.Seconds(1);

        uint flags = Convert.ToUInt32(sim.Read(Paths.GetThrottled), 16);
        Assert.Equal(0x50005u, flags & 0x50005u);
        Assert.Equal("1", sim.Read(Paths.UnderVoltageAlarm));
        Assert.Equal(1500000, sim.Pi.Frequency.Value);
    }
}
