using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PiTune.Tests.Api;

/// <summary>
/// One HTTP/1.1 connection on the API's Unix socket, written byte by byte by the test: for requests HttpClient
/// will not send (a Content-Length that lies, a body held back, a chunked body past the limit).
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    /// <summary>Only a safety net: every test using it gets its answer long before.</summary>
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly Socket _socket;
    private readonly List<byte> _received = [];

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        return new RawHttpConnection(socket);
    }

    /// <summary>The request line and headers of a POST, with the blank line that ends them.</summary>
    public static byte[] PostHead(string path, long? contentLength, bool chunked = false, string extraHeaders = "")
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n");
        if (contentLength is { } length)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n");
        }

        if (chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
        }

        head.Append(extraHeaders).Append("\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    /// <summary>One chunk of a chunked body (an empty <paramref name="data"/> is the last chunk).</summary>
    public static byte[] Chunk(ReadOnlySpan<byte> data) =>
        [.. Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), .. data, (byte)'\r', (byte)'\n'];

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends <paramref name="chunk"/> <paramref name="times"/> times, stopping quietly once the server has closed the connection.</summary>
    public async Task SendUntilClosedAsync(byte[] chunk, int times)
    {
        try
        {
            for (int i = 0; i < times; i++)
            {
                await _socket.SendAsync(chunk, SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The server answered and closed (or the test is done): the rest of the body was never wanted.
        }
    }

    /// <summary>Half-closes: the server sees the end of the stream, and can still answer.</summary>
    public void EndSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one response: status, headers, and a body of its Content-Length.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync()
    {
        using var timeout = new CancellationTokenSource(Generous);
        int headEnd;
        while ((headEnd = IndexOfHeadEnd()) < 0)
        {
            await ReceiveSomeAsync(timeout.Token);
        }

        string[] lines = Encoding.ASCII.GetString([.. _received.Take(headEnd)]).Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        int bodyLength = headers.TryGetValue("Content-Length", out string? length) ? int.Parse(length, CultureInfo.InvariantCulture) : 0;
        while (_received.Count < headEnd + 4 + bodyLength)
        {
            await ReceiveSomeAsync(timeout.Token);
        }

        string body = Encoding.UTF8.GetString([.. _received.Skip(headEnd + 4).Take(bodyLength)]);
        _received.RemoveRange(0, headEnd + 4 + bodyLength);
        return new RawHttpResponse(status, headers, body);
    }

    /// <summary>One response, or null when the server closes the connection without a byte of one.</summary>
    public async Task<RawHttpResponse?> ReadResponseOrNothingAsync()
    {
        using var timeout = new CancellationTokenSource(Generous);
        try
        {
            if (_received.Count == 0 && await ReceiveMoreAsync(timeout.Token) == 0)
            {
                return null;
            }
        }
        catch (SocketException)
        {
            return null;
        }

        return await ReadResponseAsync();
    }

    /// <summary>Whether the server closed the connection (after everything it sent was read).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(Generous);
        try
        {
            return await ReceiveMoreAsync(timeout.Token) == 0 && _received.Count == 0;
        }
        catch (SocketException)
        {
            return true; // reset: closed with our unread bytes still in its queue
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReceiveSomeAsync(CancellationToken cancellationToken)
    {
        if (await ReceiveMoreAsync(cancellationToken) == 0)
        {
            throw new IOException("the server closed the connection before a whole response");
        }
    }

    private async Task<int> ReceiveMoreAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[64 * 1024];
        int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        _received.AddRange(buffer.AsSpan(0, read));
        return read;
    }

    private int IndexOfHeadEnd()
    {
        for (int i = 0; i + 3 < _received.Count; i++)
        {
            if (_received[i] == '\r' && _received[i + 1] == '\n' && _received[i + 2] == '\r' && _received[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A response as it came over the wire.</summary>
internal sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
