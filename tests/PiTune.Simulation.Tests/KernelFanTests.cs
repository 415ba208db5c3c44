using PiTune.Simulation.Model;

namespace PiTune.Simulation.Tests;

public sealed class KernelFanTests
{
    [Fact]
    public void Step_wise_follows_the_Pi_5_trips_up_and_comes_down_only_below_each_trip_minus_5_C()
    {
        var fan = new KernelFanModel();
        (double C, int State)[] walk =
        [
            (45, 0), (49.9, 0), (50, 1), (47, 1), (45.1, 1), (44.9, 0),
            (50, 1), (60, 2), (67.5, 3), (74.9, 3), (75, 4), (70.1, 4), (69.9, 3), (62.6, 3), (62.4, 2),
            (55.1, 2), (54.9, 1), (30, 0),
        ];

        foreach ((double c, int state) in walk)
        {
            Assert.True(state == fan.StepWise(c), $"at {c} °C expected state {state}");
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(74, 0)]
    [InlineData(75, 1)]
    [InlineData(124, 1)]
    [InlineData(125, 2)]
    [InlineData(200, 3)]
    [InlineData(250, 4)]
    [InlineData(255, 4)]
    public void A_pwm_maps_to_the_cooling_state_like_the_pwm_fan_driver(int pwm, int state) =>
        Assert.Equal(state, KernelFanModel.StateForPwm(pwm));

    [Fact]
    public void The_kernel_drives_pwm1_and_cur_state_to_the_trip_levels_as_the_board_heats()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);

        var seen = new HashSet<(long Pwm, long State)>();
        sim.Seconds(15 * 60, _ => seen.Add((sim.ReadNumber(Paths.Pwm1), sim.ReadNumber(Paths.CurState))));

        Assert.Subset(new HashSet<(long, long)> { (0, 0), (75, 1), (125, 2), (175, 3), (250, 4) }, seen);
        Assert.Contains((0L, 0L), seen);
        Assert.Contains((175L, 3L), seen);
        Assert.InRange(sim.ReadNumber(Paths.FanRpm), 5000, 9000);
    }

    [Fact]
    public void Under_step_wise_a_manual_pwm1_write_runs_the_fan_only_until_the_kernels_next_poll()
    {
        using var sim = new SimRoot();
        sim.Pi.Advance(TimeSpan.FromSeconds(2));

        sim.Write(Paths.Pwm1, "200");
        sim.Pi.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(200, sim.Pi.FanPwm);
        Assert.Equal("200", sim.Read(Paths.Pwm1));
        Assert.Equal("3", sim.Read(Paths.CurState));

        sim.Pi.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal("0", sim.Read(Paths.Pwm1));
        Assert.Equal("0", sim.Read(Paths.CurState));
        Assert.Equal(0, sim.Pi.FanPwm);
        Assert.Equal("0", sim.Read(Paths.FanRpm));
    }

    [Fact]
    public void Under_user_space_the_kernel_leaves_pwm1_alone_and_the_fan_runs_at_what_the_daemon_wrote()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.ZonePolicy, "user_space");
        sim.Write(Paths.Pwm1, "200");

        sim.Seconds(10);

        Assert.Equal("200", sim.Read(Paths.Pwm1));
        Assert.Equal("3", sim.Read(Paths.CurState));
        Assert.Equal(200, sim.Pi.FanPwm);
        Assert.Equal(6667, sim.ReadNumber(Paths.FanRpm));
        Assert.False(sim.Pi.KernelDrivesFan);
    }

    [Fact]
    public void Under_user_space_a_hot_board_keeps_the_fan_the_daemon_stopped()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.ZonePolicy, "user_space");
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(4);

        sim.Seconds(5 * 60);

        Assert.True(sim.ZoneC > 60, $"{sim.ZoneC} °C");
        Assert.Equal("0", sim.Read(Paths.Pwm1));
        Assert.Equal(0, sim.Pi.FanState);
    }

    [Fact]
    public void Under_user_space_a_cur_state_write_sets_pwm1_to_that_level()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.ZonePolicy, "user_space");
        sim.Write(Paths.CurState, "2");

        sim.Seconds(3);

        Assert.Equal("125", sim.Read(Paths.Pwm1));
        Assert.Equal(125, sim.Pi.FanPwm);
    }

    [Fact]
    public void Handing_the_zone_back_to_step_wise_lets_the_kernel_take_the_fan_over_at_its_next_poll()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.ZonePolicy, "user_space");
        sim.Write(Paths.Pwm1, "255");
        sim.Seconds(3);

        sim.Write(Paths.ZonePolicy, "step_wise");
        sim.Seconds(1);

        Assert.Equal("0", sim.Read(Paths.Pwm1));
        Assert.True(sim.Pi.KernelDrivesFan);
    }

    [Fact]
    public void Without_the_Active_Cooler_the_header_is_driven_but_nothing_spins()
    {
        using var sim = new SimRoot(new SimulationOptions { FanInstalled = false });
        sim.Write(Paths.ZonePolicy, "user_space");
        sim.Write(Paths.Pwm1, "255");

        sim.Seconds(2);

        Assert.Equal(255, sim.Pi.FanPwm);
        Assert.Equal("0", sim.Read(Paths.FanRpm));
        Assert.Equal(0, sim.Pi.FanRpm);
    }

    [Fact]
    public void The_critical_trip_stays_armed()
    {
        using var sim = new SimRoot();
        sim.Seconds(2);

        Assert.Equal("110000", sim.Read(Pi5Layout.Zone + "/trip_point_0_temp"));
        Assert.Equal("critical", sim.Read(Pi5Layout.Zone + "/trip_point_0_type"));
    }
}
