namespace PiTune.Simulation.Tests;

public sealed class SimulatedFilesTests
{
    [Fact]
    public void A_file_is_written_only_when_its_text_changes_and_again_after_someone_else_changed_it()
    {
        using var sim = new SimRoot();
        var files = new SimulatedFiles(sim.Path);

        Assert.True(files.Write(Paths.FanRpm, "1234"));
        Assert.False(files.Write(Paths.FanRpm, "1234"));
        Assert.Equal("1234", sim.Read(Paths.FanRpm));

        sim.Write(Paths.FanRpm, "99");
        Assert.Equal("99", files.Read(Paths.FanRpm));
        Assert.True(files.Write(Paths.FanRpm, "1234"));
        Assert.Equal("1234", sim.Read(Paths.FanRpm));
    }

    [Fact]
    public void An_idle_board_in_steady_state_rewrites_next_to_nothing()
    {
        using var sim = new SimRoot(new SimulationOptions { BackgroundLoadPercent = 0 });
        sim.Seconds(3);
        string file = Path.Join(sim.Path, Paths.CurFreq);
        DateTime written = File.GetLastWriteTimeUtc(file);

        sim.Seconds(3);

        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task A_reader_in_another_thread_never_sees_a_half_written_file()
    {
        using var sim = new SimRoot();
        sim.Write(Paths.Governor, "performance");
        sim.Pi.SetWorkload(3);
        string stat = Path.Join(sim.Path, Paths.ProcStat);
        using var stop = new CancellationTokenSource();
        int torn = 0, reads = 0;

        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                string text = File.ReadAllText(stat);
                Interlocked.Increment(ref reads);
                if (!text.StartsWith("cpu ", StringComparison.Ordinal) || !text.EndsWith("softirq 0 0 0 0 0 0 0 0 0 0 0\n", StringComparison.Ordinal))
                {
                    torn++;
                }
            }
        });

        // On a loaded machine the reader may start late: keep the writer going until it has read plenty.
        for (int i = 0; i < 2000 || (Volatile.Read(ref reads) < 200 && i < 200_000); i++)
        {
            sim.Pi.Advance(TimeSpan.FromMilliseconds(100));
        }

        stop.Cancel();
        await reader;
        Assert.Equal(0, torn);
        Assert.True(reads >= 200, $"only {reads} reads");
        Assert.Empty(Directory.GetFiles(sim.Path, "*.sim~", SearchOption.AllDirectories));
    }
}
