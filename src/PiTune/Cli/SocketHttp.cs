using System.Net.Sockets;
using System.Text;

namespace PiTune.Cli;

/// <summary>One HTTP request to the daemon over its Unix socket (the CLI's verbs that talk to a running daemon).</summary>
internal static class SocketHttp
{
    public static async Task<(int Status, string Body)> SendAsync(string socket, HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using HttpClient client = CreateClient(socket);

        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await client.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>An HTTP client whose every connection goes to the daemon's Unix socket <paramref name="socket"/>.</summary>
    public static HttpClient CreateClient(string socket) => new HttpClient(new SocketsHttpHandler
    {
        ConnectCallback = async (_, token) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                return new NetworkStream(s, ownsSocket: true);
            }
            catch
            {
                s.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://localhost"),
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The socket error inside <paramref name="ex"/>, if it is a failed connect.</summary>
    public static SocketError? SocketErrorOf(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException s)
            {
                return s.SocketErrorCode;
            }
        }

        return null;
    }
}
