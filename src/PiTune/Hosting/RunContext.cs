using PiTune.Configuration;
using PiTune.Simulation;

namespace PiTune.Hosting;

/// <summary>What <c>pitune run</c> was asked to do, beyond configuration: the clock, the simulator, the time limit.</summary>
internal sealed record RunContext(ConfigSource ConfigSource, TimeProvider Time, SimulatedPi5? Simulator, double SimSpeed, TimeSpan? RunFor);
