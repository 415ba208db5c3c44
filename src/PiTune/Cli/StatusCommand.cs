using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PiTune.Cli;

/// <summary>
/// <c>pitune status</c>: asks the running daemon for <c>GET /status</c> over its socket and prints a summary
/// (<see cref="StatusPrinter"/>) or, with <c>--json</c>, the JSON as the daemon sent it.
/// </summary>
internal static class StatusCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CommandLine commandLine, TextWriter stdout, TextWriter stderr, TimeSpan? timeout = null)
    {
        string? socket = commandLine.Socket ?? BenchCommand.SocketFromConfig(commandLine, stderr);
        if (socket is null)
        {
            return ExitCodes.Config;
        }

        TimeSpan allowed = timeout ?? DefaultTimeout;
        string body;
        using var deadline = new CancellationTokenSource(allowed, TimeProvider.System);
        try
        {
            body = await FetchAsync(socket, deadline.Token);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && ex is OperationCanceledException or HttpRequestException or IOException or SocketException)
        {
            stderr.WriteLine($"pitune: no answer from {socket} within {allowed.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s; the daemon may be stuck (systemctl status pitune, journalctl -u pitune)");
            return ExitCodes.TempFail;
        }
        catch (Exception ex) when (SocketErrorOf(ex) is { } error)
        {
            (string message, int code) = Describe(error, socket);
            stderr.WriteLine("pitune: " + message);
            return code;
        }
        catch (StatusReplyException ex)
        {
            stderr.WriteLine($"pitune: {socket}: {ex.Message}");
            return ExitCodes.Protocol;
        }
        catch (HttpRequestException ex)
        {
            stderr.WriteLine($"pitune: the reply on {socket} is not valid HTTP ({ex.Message}); is something other than pitune listening there?");
            return ExitCodes.Protocol;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            stderr.WriteLine($"pitune: the daemon's answer on {socket} is not valid JSON ({ex.Message})");
            return ExitCodes.Protocol;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("version", out _))
            {
                stderr.WriteLine($"pitune: the daemon's answer on {socket} is not a status report (no \"version\")");
                return ExitCodes.Protocol;
            }

            if (commandLine.Json)
            {
                stdout.WriteLine(body.TrimEnd());
            }
            else
            {
                StatusPrinter.Print(document.RootElement, stdout);
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>The message and exit code for a failed connect (errno as .NET names it).</summary>
    public static (string Message, int ExitCode) Describe(SocketError error, string socket) => error switch
    {
        SocketError.AccessDenied =>
            ($"permission denied on {socket}: run as root or add yourself to the pitune group (sudo usermod -aG pitune $USER)", ExitCodes.NoPermission),

        // ENOENT (no socket file) and ECONNREFUSED (a file left behind, nobody listening).
        SocketError.AddressNotAvailable or SocketError.ConnectionRefused or SocketError.HostNotFound =>
            ($"pitune is not running (no socket at {socket}); start it with: systemctl start pitune", ExitCodes.Unavailable),
        _ => ($"cannot reach pitune at {socket}: {error}", ExitCodes.Unavailable),
    };

    private static async Task<string> FetchAsync(string socket, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler
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

        using HttpResponseMessage response = await client.GetAsync(new Uri("/status", UriKind.Relative), cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new StatusReplyException($"the daemon answered {(int)response.StatusCode} {response.ReasonPhrase} to GET /status (an older pitune without /status?)");
        }

        return body;
    }

    private static SocketError? SocketErrorOf(Exception ex)
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

    private sealed class StatusReplyException(string message) : Exception(message);
}
