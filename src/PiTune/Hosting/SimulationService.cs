using Microsoft.Extensions.Hosting;
using PiTune.Simulation;

namespace PiTune.Hosting;

/// <summary>Runs the simulated Pi 5's kernel and firmware under <c>--simulate</c>, on the daemon's (scaled) clock.</summary>
internal sealed class SimulationService(SimulatedPi5 simulator, TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new SimulationDriver(simulator, time).RunAsync(stoppingToken);
}
