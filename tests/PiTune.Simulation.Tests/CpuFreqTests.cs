namespace PiTune.Simulation.Tests;

public sealed class CpuFreqTests
{
    [Theory]
    [InlineData("performance", 0.0, 2400000)]
    [InlineData("powersave", 4.0, 1500000)]
    [InlineData("ondemand", 0.0, 1600000)]
    [InlineData("ondemand", 1.0, 2400000)]
    [InlineData("schedutil", 0.0, 1500000)]
    [InlineData("schedutil", 4.0, 2400000)]
    public void The_governor_requests_the_frequency_the_kernel_would(string governor, double busyCores, long expectedKHz)
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, governor + "\n");
        sim.Pi.SetWorkload(busyCores);

        sim.Pi.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(expectedKHz, sim.ReadNumber(Paths.CurFreq));
        Assert.Equal(expectedKHz, sim.ReadNumber(Paths.CpuInfoCurFreq));
        Assert.Equal(governor, sim.Pi.Governor);
    }

    [Fact]
    public void Ondemand_scales_the_frequency_with_a_partial_load()
    {
        using var sim = new SimRoot(new SimulationOptions { BackgroundLoadPercent = 50 });
        sim.Pi.Advance(TimeSpan.FromSeconds(1));

        // Each core half busy: 1.5 + 0.5 × 0.9 GHz = 1.95 GHz, and the closest step is 1.9 or 2.0.
        Assert.InRange(sim.ReadNumber(Paths.CurFreq), 1900000, 2000000);
    }

    [Fact]
    public void Conservative_climbs_in_steps_rather_than_jumping()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "conservative");
        sim.Pi.SetWorkload(4);

        sim.Pi.Advance(TimeSpan.FromMilliseconds(200));
        long early = sim.ReadNumber(Paths.CurFreq);
        sim.Pi.Advance(TimeSpan.FromSeconds(2));

        Assert.InRange(early, 1600000, 2000000);
        Assert.Equal(2400000, sim.ReadNumber(Paths.CurFreq));
    }

    [Fact]
    public void Userspace_runs_at_scaling_setspeed()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "userspace");
        sim.Write(Paths.SetSpeed, "2000000");

        sim.Pi.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2000000, sim.ReadNumber(Paths.CurFreq));
    }

    [Fact]
    public void A_daemon_written_scaling_max_freq_caps_even_the_performance_governor()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "performance");
        sim.Write(Paths.MaxFreq, "1800000");
        sim.Pi.SetWorkload(4);

        sim.Pi.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1800000, sim.ReadNumber(Paths.CurFreq));
        Assert.Equal(1800000, sim.Pi.Frequency.Value);
    }

    [Fact]
    public void A_cap_between_two_steps_runs_at_the_step_below_it()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "performance");
        sim.Write(Paths.MaxFreq, "2250000");

        sim.Pi.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2200000, sim.ReadNumber(Paths.CurFreq));
    }

    [Fact]
    public void A_raised_scaling_min_freq_lifts_powersave_but_a_lower_max_wins()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "powersave");
        sim.Write(Paths.MinFreq, "2000000");
        sim.Pi.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2000000, sim.ReadNumber(Paths.CurFreq));

        sim.Write(Paths.MaxFreq, "1700000");
        sim.Pi.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1700000, sim.ReadNumber(Paths.CurFreq));
    }

    [Theory]
    [InlineData(Paths.MaxFreq, "garbage")]
    [InlineData(Paths.MaxFreq, "")]
    [InlineData(Paths.MaxFreq, "-5")]
    [InlineData(Paths.Governor, "turbo")]
    [InlineData(Paths.Governor, "")]
    public void Garbage_in_a_tunable_is_ignored_and_the_last_good_value_stays(string path, string garbage)
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "performance");
        sim.Write(Paths.MaxFreq, "1800000");
        sim.Pi.Advance(TimeSpan.FromSeconds(1));

        sim.Write(path, garbage);
        sim.Pi.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1800000, sim.ReadNumber(Paths.CurFreq));
        Assert.Equal("performance", sim.Pi.Governor);
    }

    [Fact]
    public void The_model_never_rewrites_the_files_the_daemon_tunes()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "performance");
        sim.Write(Paths.MaxFreq, "2100000");
        sim.Write(Paths.MinFreq, "1600000");
        sim.Write(Paths.ZonePolicy, "user_space");
        sim.Write(Paths.Pwm1, "100");
        sim.Write(Paths.Swappiness, "10");
        sim.Pi.SetWorkload(4);

        sim.Seconds(120);

        Assert.Equal("performance", sim.Read(Paths.Governor));
        Assert.Equal("2100000", sim.Read(Paths.MaxFreq));
        Assert.Equal("1600000", sim.Read(Paths.MinFreq));
        Assert.Equal("user_space", sim.Read(Paths.ZonePolicy));
        Assert.Equal("100", sim.Read(Paths.Pwm1));
        Assert.Equal("10", sim.Read(Paths.Swappiness));
    }
}
