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
        (string? socket, string origin) = commandLine.Socket is { } given
            ? (given, "given with --socket")
            : BenchCommand.SocketFromConfigWithOrigin(commandLine, stderr);
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
        catch (Exception ex) when (SocketHttp.SocketErrorOf(ex) is { } error)
        {
            (string message, int code) = Describe(error, socket, origin, ServiceInstalled());
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

    /// <summary>
    /// The message and exit code for a failed connect (errno as .NET names it): which socket was tried and where that
    /// path came from (<paramref name="origin"/>), how to point at another, and <c>systemctl start pitune</c> only where
    /// that is the cure: the service is installed and its own socket was the one tried.
    /// </summary>
    public static (string Message, int ExitCode) Describe(SocketError error, string socket, string origin, bool serviceInstalled) => error switch
    {
        SocketError.AccessDenied =>
            ($"permission denied on {socket} ({origin}): run as root or add yourself to the pitune group (sudo usermod -aG pitune $USER)", ExitCodes.NoPermission),

        // ENOENT (no socket file) and ECONNREFUSED (a file left behind, nobody listening).
        SocketError.AddressNotAvailable or SocketError.ConnectionRefused or SocketError.HostNotFound =>
            ($"no pitune daemon at {socket} ({origin}); to ask another, pass --socket PATH "
                + "(a `pitune run --simulate` daemon's is SIMROOT/run/pitune/pitune.sock, said at its start as \"API listening on ...\")"
                + (serviceInstalled && socket == new Api.ApiOptions().SocketPath ? "; if the pitune service is stopped: systemctl start pitune" : ""),
             ExitCodes.Unavailable),
        _ => ($"cannot reach pitune at {socket} ({origin}): {error}", ExitCodes.Unavailable),
    };

    /// <summary>Whether the package's unit is on this machine (else systemctl has nothing to start).</summary>
    internal static bool ServiceInstalled() =>
        File.Exists("/lib/systemd/system/pitune.service") || File.Exists("/usr/lib/systemd/system/pitune.service") || File.Exists("/etc/systemd/system/pitune.service");

    private static async Task<string> FetchAsync(string socket, CancellationToken cancellationToken)
    {
        using HttpClient client = SocketHttp.CreateClient(socket);

        using HttpResponseMessage response = await client.GetAsync(new Uri("/status", UriKind.Relative), cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new StatusReplyException($"the daemon answered {(int)response.StatusCode} {response.ReasonPhrase} to GET /status (an older pitune without /status?)");
        }

        return body;
    }

    private sealed class StatusReplyException(string message) : Exception(message);
}
