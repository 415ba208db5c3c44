using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Hosting;
using PiTune.Inference;
using PiTune.Inference.Pool;

namespace PiTune.Api;

/// <summary>
/// The local API: Kestrel on the Unix socket (mode 0660, group from config), optionally TCP on
/// loopback. It runs as its own small web application inside the daemon, so a socket that cannot
/// be bound costs the API only, never the other jobs. A socket file left by an earlier run is removed first.
/// </summary>
internal sealed class ApiService(
    IOptionsMonitor<ApiOptions> options,
    InferenceEngine engine,
    BufferPool pool,
    StatusEndpoints status,
    WallClock time,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    private readonly ILogger _logger = loggerFactory.CreateLogger<ApiService>();
    private WebApplication? _app;
    private string? _socketPath;

    /// <summary>The memory request bodies hold; null until the API is built.</summary>
    internal BodyBudget? Bodies { get; private set; }

    /// <summary>True once Kestrel listens.</summary>
    public bool IsListening => _app is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ApiOptions api = options.CurrentValue;
        string path = api.SocketPath;
        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            ApiLog.SocketDirectoryMissing(_logger, path);
            return;
        }

        if (File.Exists(path))
        {
            if ((File.GetAttributes(path) & FileAttributes.Directory) == 0 && !IsLive(path))
            {
                File.Delete(path);
                ApiLog.StaleSocketRemoved(_logger, path);
            }
            else
            {
                ApiLog.StartFailed(_logger, path, "another process is listening on it");
                return;
            }
        }

        WebApplication app = Build(api);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped (SIGTERM) while starting: the daemon is on its way out; nothing to serve.
            await app.DisposeAsync();
            return;
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException or InvalidOperationException)
        {
            ApiLog.StartFailed(_logger, path, ex.Message);
            await app.DisposeAsync();
            return;
        }

        _app = app;
        _socketPath = path;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, SocketMode);
        }

        string groupText = "";
        if (api.SocketGroup is { Length: > 0 } group)
        {
            string? problem = SocketGroup.Apply(path, group);
            if (problem is null)
            {
                groupText = ", group " + group;
            }
            else
            {
                ApiLog.GroupNotApplied(_logger, group, problem);
            }
        }

        ApiLog.Listening(_logger, path, "0660", groupText);
        if (api.TcpPort > 0)
        {
            ApiLog.ListeningTcp(_logger, api.TcpPort);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken);
        }

        if (_socketPath is { } path && File.Exists(path))
        {
            File.Delete(path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.DisposeAsync();
            _app = null;
        }
    }

    private WebApplication Build(ApiOptions api)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "pitune-api" });
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, ApiHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = (long)api.MaxRequestBodyMB * 1024 * 1024;
            if (api.MinRequestBodyDataRate is { } rate)
            {
                kestrel.Limits.MinRequestBodyDataRate = rate;
            }

            kestrel.ListenUnixSocket(api.SocketPath);
            if (api.TcpPort > 0)
            {
                kestrel.ListenLocalhost(api.TcpPort);
            }
        });

        WebApplication app = builder.Build();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
            {
                ApiLog.RequestFailed(_logger, context.Request.Path, ex);
                await V2Endpoints.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal error: " + ex.Message);
            }
        });
        Bodies = new BodyBudget((long)api.RequestBodyBudgetMB * 1024 * 1024);
        new V2Endpoints(engine, pool, Bodies, time, api.MaxRequestBodyMB * 1024 * 1024, _logger).Map(app);
        status.Map(app);
        app.MapFallback(context => V2Endpoints.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"no endpoint {context.Request.Method} {context.Request.Path}"));
        return app;
    }

    /// <summary>Whether something accepts connections on <paramref name="path"/> (a live daemon, not a leftover).</summary>
    private static bool IsLive(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
