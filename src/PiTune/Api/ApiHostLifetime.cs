using Microsoft.Extensions.Hosting;

namespace PiTune.Api;

/// <summary>
/// The API's web application lives and dies with the daemon's host: no Ctrl+C or SIGTERM handling of
/// its own (the daemon's systemd lifetime owns the signals and stops the API in order).
/// </summary>
internal sealed class ApiHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
