using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using PiTune.Systemd;

namespace PiTune.Hosting;

/// <summary>
/// READY=1 once every hosted service has started (so <c>systemctl start</c> returns only after start-up
/// succeeded), STOPPING=1 when stopping. When systemd's own <see cref="SystemdLifetime"/> is in charge it
/// sends these itself (through our <see cref="SdNotifier"/>); this covers a NOTIFY_SOCKET that the stock
/// detection does not recognise (a test harness, a container).
/// </summary>
internal sealed class ReadinessService(IHostApplicationLifetime lifetime, IHostLifetime hostLifetime, SdNotifier notifier) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (hostLifetime is not SystemdLifetime && notifier.IsEnabled)
        {
            lifetime.ApplicationStarted.Register(() => notifier.Notify("READY=1\nSTATUS=started"));
            lifetime.ApplicationStopping.Register(() => notifier.Notify("STOPPING=1\nSTATUS=stopping: restoring settings"));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
