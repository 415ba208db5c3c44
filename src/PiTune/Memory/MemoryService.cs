using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiTune.Core.Metrics;

namespace PiTune.Memory;

/// <summary>The memory job's loop: latest snapshot from the bus → <see cref="MemoryController"/>. Stops by turning swap back on.</summary>
internal sealed class MemoryService(MemoryController controller, IMetricsBus bus, ILogger<MemoryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start() may swapon areas a crash left off: off the host's start-up path.
        await Task.Yield();
        using IMetricsSubscription subscription = bus.Subscribe();
        controller.Start();
        while (!stoppingToken.IsCancellationRequested)
        {
            ResourceMetrics snapshot;
            try
            {
                snapshot = await subscription.NextAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                controller.OnSnapshot(snapshot);
            }
            catch (Exception ex)
            {
                MemoryLog.TickFailed(logger, ex);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await controller.StopAsync(cancellationToken);
    }
}
