namespace PiTune.Simulation.Tests;

public sealed class SimulationOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new SimulationOptionsValidator().Validate(null, new SimulationOptions()).Succeeded);
    }

    [Fact]
    public void Each_bad_key_is_named_with_its_value()
    {
        var options = new SimulationOptions
        {
            AmbientC = 100,
            InitialTemperatureC = double.NaN,
            BackgroundLoadPercent = 150,
            Step = TimeSpan.Zero,
            LoadProfile = (LoadProfile)7,
            ZoneNoiseC = -1,
        };

        var result = new SimulationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        string[] failures = [.. result.Failures!];
        Assert.Equal(6, failures.Length);
        Assert.Contains(failures, f => f.Contains("Simulation:AmbientC", StringComparison.Ordinal) && f.Contains("\"100\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Simulation:InitialTemperatureC", StringComparison.Ordinal) && f.Contains("NaN", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Simulation:BackgroundLoadPercent", StringComparison.Ordinal) && f.Contains("\"150\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Simulation:Step", StringComparison.Ordinal) && f.Contains("\"00:00:00\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Simulation:LoadProfile", StringComparison.Ordinal) && f.Contains("\"7\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Simulation:ZoneNoiseC", StringComparison.Ordinal) && f.Contains("\"-1\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_simulator_refuses_options_the_validator_rejects()
    {
        string root = Path.Join(Path.GetTempPath(), "pitune-sim-test-" + Guid.NewGuid().ToString("N")[..12]);

        var ex = Assert.Throws<ArgumentException>(() => new SimulatedPi5(root, new SimulationOptions { BackgroundLoadPercent = -1 }));

        Assert.Contains("Simulation:BackgroundLoadPercent", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }

    [Theory]
    [InlineData(LoadProfile.None, 10, 0)]
    [InlineData(LoadProfile.Full, 10, 4)]
    [InlineData(LoadProfile.Bursts, 10, 4)]
    [InlineData(LoadProfile.Bursts, 44.9, 4)]
    [InlineData(LoadProfile.Bursts, 45, 0)]
    [InlineData(LoadProfile.Bursts, 125, 4)]
    public void A_load_profile_adds_work_on_its_schedule(LoadProfile profile, double atSeconds, double cores) =>
        Assert.Equal(cores, SimulatedPi5.ProfileCores(profile, atSeconds));

    [Fact]
    public void The_full_load_profile_keeps_all_cores_busy_without_any_reported_work()
    {
        using var sim = new SimRoot(new SimulationOptions { LoadProfile = LoadProfile.Full });
        sim.Seconds(2);

        Assert.Equal(4, sim.Pi.BusyCores, 6);
        Assert.Equal("2400000", sim.Read(Paths.CurFreq));
    }
}
