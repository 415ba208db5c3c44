namespace PiTune.Simulation.Tests;

public sealed class ZoneNoiseTests
{
    [Fact]
    public void With_zone_noise_each_reading_jitters_within_the_bound_around_the_die_and_repeats_run_to_run()
    {
        var options = new SimulationOptions { ZoneNoiseC = 1 };
        using var first = new SimRoot(options);
        using var second = new SimRoot(options);
        var offsets = new List<double>();
        var readings = new List<(long, long)>();
        first.Seconds(120, _ =>
        {
            second.Pi.Advance(TimeSpan.FromSeconds(1));
            offsets.Add((first.ReadNumber(Paths.ZoneTemp) / 1000.0) - first.Pi.Temperature.Value);
            readings.Add((first.ReadNumber(Paths.ZoneTemp), second.ReadNumber(Paths.ZoneTemp)));
        });

        // The reading is the die at the last 1000 ms poll plus jitter; within a second the die moves far less than 0.1 °C at idle.
        Assert.All(offsets, o => Assert.InRange(o, -1.1, 1.1));
        Assert.True(offsets.Max() - offsets.Min() > 1, "the readings do jitter");
        Assert.All(readings, r => Assert.Equal(r.Item1, r.Item2));
    }

    [Fact]
    public void Without_zone_noise_the_reading_is_the_die_temperature()
    {
        using var sim = new SimRoot();
        sim.Seconds(30, _ => Assert.Equal(sim.Pi.Temperature.Value, sim.ReadNumber(Paths.ZoneTemp) / 1000.0, 2));
    }
}
