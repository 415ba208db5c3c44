using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;

namespace PiTune.Systemd;

/// <summary>
/// sd_notify(3) over the datagram socket systemd names in <c>NOTIFY_SOCKET</c>: READY=1, STOPPING=1,
/// RELOADING=1, STATUS=..., WATCHDOG=1. Also serves as the host's <see cref="ISystemdNotifier"/>, so the
/// stock <see cref="SystemdLifetime"/> sends its READY/STOPPING through the same socket.
/// Sending never throws and never blocks: a notification that cannot be delivered is dropped (systemd is gone,
/// was never there, or its queue is full), and the first failure is written to stderr once.
/// </summary>
internal sealed class SdNotifier : ISystemdNotifier, IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private int _failureReported;

    private SdNotifier(string? socketPath)
    {
        if (string.IsNullOrEmpty(socketPath))
        {
            return;
        }

        // A leading '@' names a socket in the abstract namespace, which the endpoint spells with a NUL.
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        // Non-blocking: a datagram socket queues only net.unix.max_dgram_qlen messages for a reader that has stopped
        // reading (a busy systemd, a test harness), and a blocking send would then hang the sampling loop, its watchdog
        // pings and the daemon's stop. A notification that does not fit is dropped; the next tick sends a fresh one.
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
        SocketPath = socketPath;
    }

    /// <summary>A notifier that sends nothing (not started by systemd with Type=notify).</summary>
    public static SdNotifier Disabled { get; } = new(null);

    /// <summary>The socket path, or null when disabled.</summary>
    public string? SocketPath { get; }

    public bool IsEnabled => _socket is not null;

    /// <summary>From <c>NOTIFY_SOCKET</c>, which systemd sets for Type=notify units.</summary>
    public static SdNotifier FromEnvironment() => For(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public static SdNotifier For(string? socketPath) => string.IsNullOrEmpty(socketPath) ? Disabled : new SdNotifier(socketPath);

    public void Notify(ServiceState state) => Notify(state.ToString());

    /// <summary>Sends one datagram of newline-separated <c>KEY=VALUE</c> assignments.</summary>
    public void Notify(string assignments)
    {
        if (_socket is null || _endPoint is null)
        {
            return;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(assignments), SocketFlags.None, _endPoint);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            if (Interlocked.Exchange(ref _failureReported, 1) == 0)
            {
                Console.Error.WriteLine($"pitune: cannot notify systemd at {SocketPath} ({ex.Message}); from now on a notification that cannot be sent is dropped quietly");
            }
        }
    }

    public void Dispose() => _socket?.Dispose();
}
