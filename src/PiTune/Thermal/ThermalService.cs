using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Metrics;
using PiTune.Core.Thermal;

namespace PiTune.Thermal;

/// <summary>The thermal and fan loop: each snapshot from the bus goes through <see cref="ThermalController"/>.</summary>
internal sealed class ThermalService(
    IMetricsBus bus,
    ThermalController controller,
    IOptionsMonitor<ThermalOptions> thermalOptions,
    IOptionsMonitor<FanOptions> fanOptions,
    ILogger<ThermalService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using IMetricsSubscription subscription = bus.Subscribe();
        FanOptions startFan = fanOptions.CurrentValue;
        using IDisposable? onChange = fanOptions.OnChange(changed =>
        {
            if (changed.Kind != startFan.Kind || changed.Mode != startFan.Mode)
            {
                ThermalLog.ModeChangeNeedsRestart(logger);
            }
        });

        controller.Start(thermalOptions.CurrentValue, startFan);
        try
        {
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
                    controller.Tick(snapshot, thermalOptions.CurrentValue, fanOptions.CurrentValue);
                }
                catch (Exception ex)
                {
                    ThermalLog.TickFailed(logger, ex);
                }
            }
        }
        finally
        {
            controller.Stop(fanOptions.CurrentValue);
        }
    }
}
