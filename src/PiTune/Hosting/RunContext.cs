using PiTune.Configuration;
using PiTune.Profiles;
using PiTune.Simulation;

namespace PiTune.Hosting;

/// <summary>What <c>pitune run</c> was asked to do, beyond configuration: the clocks, the simulator, the time limit.</summary>
/// <param name="Time">The machine's clock, which the control loops run on: scaled under <c>--simulate --sim-speed</c>.</param>
/// <param name="WallTime">Real time, for <see cref="Wall"/>; the system clock unless a test brings its own.</param>
/// <param name="ProfileAtStart">The profile laid over the configuration at start, and why (null: balanced, the default).</param>
internal sealed record RunContext(ConfigSource ConfigSource, TimeProvider Time, SimulatedPi5? Simulator, double SimSpeed, TimeSpan? RunFor, TimeProvider? WallTime = null, ActiveProfile? ProfileAtStart = null)
{
    /// <summary>The clock of every duration a person reads (see <see cref="WallClock"/>).</summary>
    public WallClock Wall { get; } = WallTime is null ? WallClock.Real : new WallClock(WallTime);
}
