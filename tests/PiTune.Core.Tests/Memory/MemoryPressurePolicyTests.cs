using PiTune.Core.Memory;

namespace PiTune.Core.Tests.Memory;

public sealed class MemoryPressurePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly MemoryOptions _options = new() { PressureHighPercent = 10, PressureLowPercent = 5, PressureReleaseAfter = TimeSpan.FromSeconds(10) };

    private (List<MemoryPressureDecision> Decisions, MemoryPressureTracking Last) Run(params (int Second, double? Psi, double? Available)[] trace)
    {
        var decisions = new List<MemoryPressureDecision>();
        MemoryPressureTracking state = MemoryPressureTracking.Initial;
        foreach ((int second, double? psi, double? available) in trace)
        {
            (MemoryPressureDecision d, state) = MemoryPressurePolicy.Decide(new MemoryPressureInput(T0.AddSeconds(second), psi, available), _options, state);
            decisions.Add(d);
        }

        return (decisions, state);
    }

    [Fact]
    public void Pressure_at_the_high_mark_is_high_at_once_and_says_the_reading()
    {
        (List<MemoryPressureDecision> d, _) = Run((0, 2, 80), (1, 10, 80));

        Assert.Equal(MemoryPressureState.Normal, d[0].State);
        Assert.Equal(PressureTransition.Entered, d[1].Transition);
        Assert.Equal("PSI memory some avg10 10 % ≥ 10 %", d[1].Measure);
    }

    [Fact]
    public void Readings_between_the_marks_hold_high_and_restart_the_release_wait()
    {
        (List<MemoryPressureDecision> d, _) = Run(
            (0, 20, null), (1, 4, null), (9, 7, null), (10, 4, null), (19, 4, null), (20, 4, null));

        Assert.All(d.Take(5), x => Assert.Equal(MemoryPressureState.High, x.State));
        Assert.Equal(PressureTransition.Ended, d[5].Transition);
        Assert.Equal(MemoryPressureState.Normal, d[5].State);
    }

    [Fact]
    public void A_flickering_reading_around_the_high_mark_enters_and_ends_exactly_once()
    {
        var trace = new List<(int, double?, double?)>();
        for (int s = 0; s < 60; s++)
        {
            trace.Add((s, s % 2 == 0 ? 11 : 9, null));
        }

        for (int s = 60; s < 80; s++)
        {
            trace.Add((s, 1, null));
        }

        (List<MemoryPressureDecision> d, _) = Run([.. trace]);

        Assert.Equal(1, d.Count(x => x.Transition == PressureTransition.Entered));
        Assert.Equal(1, d.Count(x => x.Transition == PressureTransition.Ended));
        Assert.Equal(70, d.FindIndex(x => x.Transition == PressureTransition.Ended));
    }

    [Fact]
    public void Without_PSI_MemAvailable_decides_with_its_own_marks()
    {
        (List<MemoryPressureDecision> d, _) = Run((0, null, 30), (1, null, 9), (2, null, 15), (20, null, 21), (31, null, 21));

        Assert.Equal(MemoryPressureState.Normal, d[0].State);
        Assert.Equal(PressureTransition.Entered, d[1].Transition);
        Assert.Contains("MemAvailable 9 % of MemTotal ≤ 10 % (no PSI)", d[1].Measure, StringComparison.Ordinal);
        Assert.Equal(MemoryPressureState.High, d[2].State);
        Assert.Equal(MemoryPressureState.High, d[3].State);
        Assert.Equal(PressureTransition.Ended, d[4].Transition);
    }

    [Fact]
    public void No_reading_at_all_never_ends_pressure()
    {
        (List<MemoryPressureDecision> d, MemoryPressureTracking last) = Run((0, 50, null), (100, null, null), (200, null, null));

        Assert.All(d, x => Assert.Equal(MemoryPressureState.High, x.State));
        Assert.Equal(MemoryPressureState.High, last.State);
    }
}
