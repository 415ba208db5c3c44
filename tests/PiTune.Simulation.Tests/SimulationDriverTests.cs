using Microsoft.Extensions.Time.Testing;

namespace PiTune.Simulation.Tests;

public sealed class SimulationDriverTests
{
    // The driver's continuation runs on the thread pool after the fake clock fires; wait for it, bounded.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_driver_advances_the_model_by_the_time_that_passes_on_its_clock()
    {
        using var sim = new SimRoot();
        var clock = new FakeTimeProvider();
        var driver = new SimulationDriver(sim.Pi, clock);
        using var cts = new CancellationTokenSource();
        Task run = driver.RunAsync(cts.Token);

        for (int i = 1; i <= 25; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            TimeSpan expected = TimeSpan.FromMilliseconds(100 * i);
            Assert.True(SpinWait.SpinUntil(() => sim.Pi.Elapsed == expected, Patience), $"model at {sim.Pi.Elapsed}, clock at {expected}");
        }

        await cts.CancelAsync();
        await run;
        Assert.Equal(0, driver.FailedSteps);
        Assert.Equal(4 * 250, (double)ProcStatParser.Line(sim.Read(Paths.ProcStat), "cpu").Total, 8.0);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), sim.Pi.Elapsed);
    }

    [Fact]
    public async Task A_failing_step_is_counted_and_the_driver_keeps_going()
    {
        using var sim = new SimRoot();
        var clock = new FakeTimeProvider();
        var driver = new SimulationDriver(sim.Pi, clock);
        using var cts = new CancellationTokenSource();
        Task run = driver.RunAsync(cts.Token);
        // /proc/stat is rewritten every step, so its folder going away makes the step fail.
        string proc = Path.Join(sim.Path, "proc");
        string moved = proc + ".away";

        Directory.Move(proc, moved);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(SpinWait.SpinUntil(() => driver.FailedSteps == 1, Patience));

        Directory.Move(moved, proc);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(SpinWait.SpinUntil(() => sim.Pi.Elapsed >= TimeSpan.FromMilliseconds(200), Patience));

        Assert.False(run.IsCompleted);
        await cts.CancelAsync();
        await run;
        Assert.Equal(1, driver.FailedSteps);
    }

    [Theory]
    [InlineData(1.0, 100)]
    [InlineData(10.0, 100)]
    [InlineData(100.0, 1000)]
    public void On_a_fast_forwarded_clock_steps_stay_at_least_10_ms_of_wall_time_apart(double speed, int expectedMs)
    {
        var scaled = new ScaledTimeProvider(speed, new FakeTimeProvider());

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), SimulationDriver.Period(TimeSpan.FromMilliseconds(100), scaled));
    }
}
