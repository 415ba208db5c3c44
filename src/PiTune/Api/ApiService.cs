using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Api.SharedMemory;
using PiTune.Hosting;
using PiTune.Profiles;
using PiTune.Inference;
using PiTune.Inference.Pool;
using PiTune.Linux.Files;

namespace PiTune.Api;

/// <summary>
/// The local API: Kestrel on the Unix socket (mode 0660, group from config), optionally TCP on
/// loopback. It runs as its own small web application inside the daemon, so a socket that cannot
/// be bound costs the API only, never the other jobs. A socket left by an earlier run (nothing listening) is removed
/// first; anything else at the socket path is left alone and named.
/// </summary>
internal sealed class ApiService(
    IOptionsMonitor<ApiOptions> options,
    InferenceEngine engine,
    BufferPool pool,
    StatusEndpoints status,
    WallClock time,
    ILoggerFactory loggerFactory,
    ProfileEndpoints? profiles = null) : IHostedService, IAsyncDisposable
{
    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    private readonly ILogger _logger = loggerFactory.CreateLogger<ApiService>();
    private WebApplication? _app;
    private string? _socketPath;

    /// <summary>The memory request bodies hold; null until the API is built.</summary>
    internal BodyBudget? Bodies { get; private set; }

    /// <summary>The registered shared-memory regions; null until the API is built.</summary>
    internal SharedMemoryRegistry? SharedMemory { get; private set; }

    /// <summary>True once Kestrel listens.</summary>
    public bool IsListening => _app is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ApiOptions api = options.CurrentValue;
        string path = api.SocketPath;
        if (SocketPathProblem(path) is { } occupied)
        {
            ApiLog.StartFailed(_logger, path, occupied);
            return;
        }

        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            ApiLog.SocketDirectoryMissing(_logger, path);
            return;
        }

        if (FileKinds.Of(path) == FileKind.Socket)
        {
            if (IsLive(path))
            {
                ApiLog.StartFailed(_logger, path, "another process is listening on it");
                return;
            }

            File.Delete(path);
            ApiLog.StaleSocketRemoved(_logger, path);
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
            CloseSharedMemory();
            return;
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException or InvalidOperationException)
        {
            ApiLog.StartFailed(_logger, path, ex.Message);
            await app.DisposeAsync();
            CloseSharedMemory();
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

        // After Kestrel stopped: no request is using a region any more.
        CloseSharedMemory();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.DisposeAsync();
            _app = null;
        }

        CloseSharedMemory();
    }

    private void CloseSharedMemory()
    {
        SharedMemory?.Dispose();
        SharedMemory = null;
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
        SharedMemory = new SharedMemoryRegistry(api.SharedMemory, time, loggerFactory.CreateLogger<SharedMemoryRegistry>());
        new V2Endpoints(engine, pool, Bodies, time, api.MaxRequestBodyMB * 1024 * 1024, _logger, SharedMemory).Map(app);
        new SharedMemoryEndpoints(SharedMemory).Map(app);
        status.Map(app);
        profiles?.Map(app);
        app.MapFallback(context => V2Endpoints.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"no endpoint {context.Request.Method} {context.Request.Path}"));
        return app;
    }

    /// <summary>
    /// Why nothing may be bound at <paramref name="path"/>, or null. Only a socket is ever removed (one an earlier run
    /// left, checked by <see cref="IsLive"/>): whatever else is there (an admin's file, a link to one, a FIFO, a
    /// directory) is someone's, and binding would need it deleted.
    /// </summary>
    private static string? SocketPathProblem(string path)
    {
        string? directory = Path.GetDirectoryName(path);
        if (directory is not null && !Directory.Exists(directory) && FileKinds.Of(directory) is not FileKind.None and var parent)
        {
            return $"its directory {directory} is {FileKinds.Describe(parent)}, not a directory";
        }

        FileKind kind = FileKinds.Of(path);
        if (kind is FileKind.None or FileKind.Socket)
        {
            return null;
        }

        string what = kind == FileKind.SymbolicLink && new FileInfo(path).LinkTarget is { } target
            ? $"a symbolic link (to {target})"
            : FileKinds.Describe(kind);
        return $"it is {what}, not a socket, and PiTune removes only a socket an earlier run left (move it away or set Api:SocketPath)";
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
