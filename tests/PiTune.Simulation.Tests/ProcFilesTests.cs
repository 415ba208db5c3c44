using System.Globalization;

namespace PiTune.Simulation.Tests;

public sealed class ProcFilesTests
{
    [Theory]
    [InlineData(0.0, 10.0, 10.0)]
    [InlineData(2.0, 10.0, 60.0)]
    [InlineData(4.0, 10.0, 100.0)]
    [InlineData(1.0, 0.0, 25.0)]
    public void Proc_stat_deltas_give_the_simulated_cpu_percent(double workload, double backgroundPercent, double expectedPercent)
    {
        using var sim = new SimRoot(new SimulationOptions { BackgroundLoadPercent = backgroundPercent });
        sim.Pi.SetWorkload(workload);
        sim.Pi.Advance(TimeSpan.FromSeconds(1));
        var before = ProcStatParser.Line(sim.Read(Paths.ProcStat), "cpu");

        for (int i = 0; i < 30; i++)
        {
            sim.Pi.Advance(TimeSpan.FromMilliseconds(100));
        }

        var after = ProcStatParser.Line(sim.Read(Paths.ProcStat), "cpu");
        Assert.Equal(4 * 3 * 100, (double)(after.Total - before.Total), 8.0);
        Assert.Equal(expectedPercent, after.BusyPercentSince(before)!.Value, 0.5);
        Assert.Equal(expectedPercent / 100 * 4, sim.Pi.BusyCores, 3);
    }

    [Fact]
    public void Inference_work_fills_whole_cores_and_background_spreads_over_the_rest()
    {
        using var sim = new SimRoot(new SimulationOptions { BackgroundLoadPercent = 10 });
        sim.Pi.SetWorkload(1);
        string start = sim.Read(Paths.ProcStat);

        sim.Pi.Advance(TimeSpan.FromSeconds(10));
        string end = sim.Read(Paths.ProcStat);

        double Busy(string core) => ProcStatParser.Line(end, core).BusyPercentSince(ProcStatParser.Line(start, core))!.Value;
        Assert.Equal(100, Busy("cpu0"), 0.5);

        // 0.4 cores of background over the three free cores.
        Assert.Equal(13.3, Busy("cpu3"), 0.5);
    }

    [Fact]
    public void MemAvailable_stays_stable_on_an_idle_board_and_drops_by_what_the_workload_holds()
    {
        using var sim = new SimRoot();
        var seen = new List<long>();
        sim.Seconds(300, _ => seen.Add(MemAvailable(sim)));

        Assert.InRange(seen.Min(), Pi5Layout.MemAvailableKb - 2048, Pi5Layout.MemAvailableKb + 2048);
        Assert.InRange(seen.Max(), Pi5Layout.MemAvailableKb - 2048, Pi5Layout.MemAvailableKb + 2048);
        Assert.True(seen.Distinct().Count() > 1, "a live system's page cache moves a little");

        sim.Pi.SetMemoryLoad(2_000_000, 0);
        sim.Seconds(1);
        Assert.InRange(MemAvailable(sim), Pi5Layout.MemAvailableKb - 2_002_048, Pi5Layout.MemAvailableKb - 1_997_952);
    }

    [Fact]
    public void Pressure_files_read_zero_until_the_workload_stalls_and_then_average_in_like_psi()
    {
        using var sim = new SimRoot();
        sim.Seconds(5);
        Assert.Equal(Pi5Layout.Pressure(0, includeFull: true), sim.Read(Paths.MemoryPressure) + "\n");

        sim.Pi.SetMemoryLoad(1_000_000, 40);
        sim.Seconds(30);
        string text = sim.Read(Paths.MemoryPressure);

        double avg10 = Avg(text, "some", "avg10"), avg60 = Avg(text, "some", "avg60"), avg300 = Avg(text, "some", "avg300");
        Assert.InRange(avg10, 35, 40);
        Assert.InRange(avg60, 10, 25);
        Assert.InRange(avg300, 2, 5);
        Assert.Equal(avg10 / 2, Avg(text, "full", "avg10"), 0.01);
        Assert.Equal(12_000_000, Total(text, "some"), 1000.0);
    }

    [Fact]
    public void Cpu_pressure_rises_only_when_more_work_wants_a_core_than_there_are_cores()
    {
        using var sim = new SimRoot(new SimulationOptions { BackgroundLoadPercent = 50 });
        sim.Pi.SetWorkload(2);
        sim.Seconds(20);
        Assert.Equal(0, Avg(sim.Read(Paths.CpuPressure), "some", "avg10"));

        sim.Pi.SetWorkload(4);
        sim.Seconds(20);
        Assert.True(Avg(sim.Read(Paths.CpuPressure), "some", "avg10") > 20);
    }

    private static long MemAvailable(SimRoot sim) =>
        long.Parse(sim.Read(Paths.MemInfo).Split('\n').Single(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static double Total(string psi, string kind) => Avg(psi, kind, "total");

    private static double Avg(string psi, string kind, string window)
    {
        string line = psi.Split('\n').Single(l => l.StartsWith(kind, StringComparison.Ordinal));
        string field = line.Split(' ').Single(f => f.StartsWith(window + "=", StringComparison.Ordinal));
        return double.Parse(field[(window.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
