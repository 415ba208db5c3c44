using Microsoft.Extensions.Time.Testing;
using PiTune.Core.Faults;
using PiTune.Core.Platform;

namespace PiTune.Core.Tests.Faults;

public sealed class FaultTrackerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_fault_repeating_every_tick_is_reported_once_then_as_a_periodic_summary_then_its_recovery()
    {
        var tracker = new FaultTracker(_time, TimeSpan.FromMinutes(10));
        Assert.Equal(FaultTransition.None, tracker.Observe("temp", ReadStatus.Ok));
        var seen = new List<FaultTransition>();
        for (int tick = 0; tick < 1200; tick++)
        {
            FaultTransition t = tracker.Observe("temp", ReadStatus.Garbage);
            if (t != FaultTransition.None)
            {
                seen.Add(t);
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([FaultTransition.Failed, FaultTransition.StillFailing], seen);
        Assert.Equal(1200, tracker.FailureCount("temp"));
        Assert.Equal(FaultTransition.Recovered, tracker.Observe("temp", ReadStatus.Ok));
        Assert.Equal(TimeSpan.FromSeconds(1200), tracker.LastDownFor("temp"));
        Assert.Equal(FaultTransition.None, tracker.Observe("temp", ReadStatus.Ok));
    }

    [Fact]
    public void A_source_missing_from_the_first_look_is_absent_said_once_and_its_arrival_noticed()
    {
        var tracker = new FaultTracker(_time);
        Assert.Equal(FaultTransition.Absent, tracker.Observe("psi", ReadStatus.Missing));
        Assert.Equal(FaultTransition.None, tracker.Observe("psi", ReadStatus.Missing));
        Assert.Equal(FaultTransition.Appeared, tracker.Observe("psi", ReadStatus.Ok));
        Assert.Equal(FaultTransition.Failed, tracker.Observe("psi", ReadStatus.Missing));
    }
}
