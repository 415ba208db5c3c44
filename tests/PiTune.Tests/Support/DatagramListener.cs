using System.Net.Sockets;

namespace PiTune.Tests.Support;

/// <summary>A real Unix datagram socket bound in a temp folder, standing in for systemd's notify or journal socket.</summary>
internal sealed class DatagramListener : IDisposable
{
    private readonly TempDirectory _dir = new("pitune-sock");
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public DatagramListener(string name = "notify.sock")
    {
        Path = _dir.Combine(name);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
    }

    public string Path { get; }

    /// <summary>The next datagram, or null when none arrives within <paramref name="timeout"/> (a bound, not a sleep).</summary>
    public byte[]? Receive(TimeSpan timeout)
    {
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        byte[] buffer = new byte[256 * 1024];
        try
        {
            int n = _socket.Receive(buffer);
            return buffer[..n];
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return null;
        }
    }

    public string? ReceiveText(TimeSpan timeout) =>
        Receive(timeout) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Reads datagrams until one satisfies <paramref name="match"/>; null if none does within <paramref name="timeout"/>.</summary>
    public string? ReceiveUntil(Func<string, bool> match, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            string? text = ReceiveText(deadline - DateTime.UtcNow);
            if (text is not null && match(text))
            {
                return text;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _dir.Dispose();
    }
}
