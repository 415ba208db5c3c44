using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiTune.Simulation;

namespace PiTune.Hosting;

/// <summary>
/// Runs the simulated Pi 5's kernel and firmware under <c>--simulate</c>, on the daemon's (scaled) clock,
/// and feeds it the daemon's own work: the CPU time this process spends (inference above all) becomes
/// busy cores on the simulated board, so its temperature and frequency answer to what the daemon does.
/// </summary>
internal sealed class SimulationService(SimulatedPi5 simulator, TimeProvider time, ILogger<SimulationDriver> logger) : BackgroundService
{
    // CPU time is spent in wall time: measure it on the real clock whatever the simulation speed.
    private static readonly TimeSpan LoadPeriod = TimeSpan.FromMilliseconds(250);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(new SimulationDriver(simulator, time, logger).RunAsync(stoppingToken), FeedDaemonLoadAsync(stoppingToken));

    private async Task FeedDaemonLoadAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LoadPeriod, TimeProvider.System);
        TimeSpan lastCpu = Environment.CpuUsage.TotalTime;
        long lastWall = TimeProvider.System.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                TimeSpan cpu = Environment.CpuUsage.TotalTime;
                long wall = TimeProvider.System.GetTimestamp();
                TimeSpan elapsed = TimeProvider.System.GetElapsedTime(lastWall, wall);
                if (elapsed > TimeSpan.Zero)
                {
                    simulator.SetWorkload((cpu - lastCpu) / elapsed);
                }

                (lastCpu, lastWall) = (cpu, wall);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
