using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PiTune.Hosting;

/// <summary><c>--for DURATION</c>: stops the daemon cleanly (restoring everything) after a wall-clock duration.</summary>
internal sealed class RunForService(RunForOptions runFor, IHostApplicationLifetime lifetime, ILogger<RunForService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Wall-clock on purpose: under --sim-speed, "--for 60s" is a minute of the demo, not of simulated time.
            await Task.Delay(runFor.Duration, TimeProvider.System, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        HostLog.RunForElapsed(logger, runFor.Duration);
        lifetime.StopApplication();
    }
}
