namespace PiTune.Simulation.Tests;

public sealed class ThermalModelTests
{
    [Fact]
    public void A_bare_Pi_5_at_full_load_passes_80_C_within_five_minutes()
    {
        using var sim = new SimRoot(new SimulationOptions { FanInstalled = false });
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);

        int? crossedAt = null;
        sim.Seconds(300, s => crossedAt ??= sim.ZoneC >= 80 ? s : null);

        Assert.NotNull(crossedAt);
        Assert.InRange(crossedAt.Value, 60, 300);
        Assert.Equal(0, sim.ReadNumber(Paths.FanRpm));
    }

    [Fact]
    public void A_bare_Pi_5_kept_at_full_load_holds_in_the_low_80s_with_the_firmware_capping_its_clock()
    {
        using var sim = new SimRoot(new SimulationOptions { FanInstalled = false });
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);

        double hottest = 0;
        sim.Seconds(20 * 60, _ => hottest = Math.Max(hottest, sim.ZoneC));

        Assert.InRange(hottest, 80, 86);
        Assert.InRange(sim.ZoneC, 80, 85);
        Assert.True(sim.Pi.Frequency.Value < 2400000, $"runs at {sim.Pi.Frequency}");
        Assert.Equal("2400000", sim.Read(Paths.CurFreq));
    }

    [Fact]
    public void A_bare_Pi_5_in_a_hot_enclosure_is_throttled_hard_at_85_C_and_kept_there()
    {
        using var sim = new SimRoot(new SimulationOptions { FanInstalled = false, AmbientC = 35 });
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);

        double hottest = 0;
        bool sawHardThrottle = false;
        sim.Seconds(20 * 60, _ =>
        {
            hottest = Math.Max(hottest, sim.ZoneC);
            sawHardThrottle |= sim.Pi.Frequency.Value == 1500000;
        });

        Assert.True(sawHardThrottle);
        Assert.InRange(hottest, 85, 87);
        uint flags = Convert.ToUInt32(sim.Read(Paths.GetThrottled), 16);
        Assert.Equal(0xE0000u, flags & 0xE0000u);
    }

    [Fact]
    public void The_Active_Cooler_at_full_duty_holds_a_fully_loaded_Pi_5_below_70_C_for_twenty_minutes()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "performance");
        sim.Write(Paths.ZonePolicy, "user_space");
        sim.Write(Paths.Pwm1, "255");
        sim.Pi.SetWorkload(4);

        double hottest = 0;
        sim.Seconds(20 * 60, _ => hottest = Math.Max(hottest, sim.ZoneC));

        Assert.True(hottest < 70, $"peaked at {hottest} °C");
        Assert.InRange(sim.ZoneC, 58, 66);
        Assert.Equal(2400000, sim.Pi.Frequency.Value);
    }

    [Fact]
    public void An_idle_Pi_5_on_the_kernel_fan_curve_stays_in_the_40s_and_low_50s()
    {
        using var sim = new SimRoot();
        double coolest = 100, hottest = 0;
        int fanOnSeconds = 0;
        sim.Seconds(30 * 60, _ =>
        {
            coolest = Math.Min(coolest, sim.ZoneC);
            hottest = Math.Max(hottest, sim.ZoneC);
            fanOnSeconds += sim.Pi.FanState > 0 ? 1 : 0;
        });

        Assert.True(coolest >= 40, $"fell to {coolest} °C");
        Assert.True(hottest < 55, $"rose to {hottest} °C");
        Assert.True(fanOnSeconds > 0, "the idle Pi 5 with its heatsink warms past the 50 °C trip and the kernel starts the fan");
    }

    [Fact]
    public void A_fully_loaded_Pi_5_on_the_kernel_fan_curve_runs_the_fan_at_its_top_levels_and_stays_below_the_soft_limit()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);

        double hottest = 0;
        int topState = 0;
        sim.Seconds(20 * 60, _ =>
        {
            hottest = Math.Max(hottest, sim.ZoneC);
            topState = Math.Max(topState, sim.Pi.FanState);
        });

        Assert.InRange(topState, 3, 4);
        Assert.InRange(hottest, 62, 75);
        Assert.Equal(0u, (uint)sim.Pi.ThrottleBits);
    }

    [Fact]
    public void The_zone_temperature_changes_only_at_the_kernels_one_second_poll()
    {
        using var sim = new SimRoot(new SimulationOptions { FanInstalled = false });
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);
        sim.Pi.Advance(TimeSpan.FromSeconds(1));
        string atPoll = sim.Read(Paths.ZoneTemp);

        for (int i = 0; i < 9; i++)
        {
            sim.Pi.Advance(TimeSpan.FromMilliseconds(100));
            Assert.Equal(atPoll, sim.Read(Paths.ZoneTemp));
        }

        Assert.True(sim.Pi.Temperature.Value > sim.Pi.ZoneTemperature.Value, "the die keeps heating between polls");
        sim.Pi.Advance(TimeSpan.FromMilliseconds(100));
        Assert.NotEqual(atPoll, sim.Read(Paths.ZoneTemp));
        Assert.Equal(sim.Read(Paths.ZoneTemp), sim.Read(Paths.HwmonTemp));
    }

    [Fact]
    public void One_long_advance_ends_where_many_short_ones_do()
    {
        using var stepped = new SimRoot(new SimulationOptions { FanInstalled = false });
        using var leaped = new SimRoot(new SimulationOptions { FanInstalled = false });
        stepped.Pi.SetWorkload(2);
        leaped.Pi.SetWorkload(2);

        stepped.Seconds(120);
        leaped.Pi.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(stepped.Pi.Temperature.Value, leaped.Pi.Temperature.Value, 6);
        Assert.Equal(stepped.Read(Paths.ProcStat), leaped.Read(Paths.ProcStat));
        Assert.Equal(TimeSpan.FromMinutes(2), leaped.Pi.Elapsed);
    }
}
