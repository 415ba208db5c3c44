using System.Net.Sockets;

namespace PiTune.Cli;

/// <summary>
/// <c>pitune top</c>: the running daemon's readings and their recent history (<c>GET /status</c> and
/// <c>GET /status/history</c> over its socket), redrawn each second full-screen, or one line per second when the output
/// is not a terminal. Exit 0 on q, Ctrl-C or SIGTERM (or after <c>--for</c>); the start fails like <c>pitune status</c>
/// (69 not running, 77 no permission, 75 no answer, 76 garbled answer). A daemon lost later is said on screen and
/// asked again each second; in line mode it ends top with 69.
/// </summary>
internal static class TopCommand
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CommandLine commandLine, TextWriter stdout, TextWriter stderr)
    {
        (string? socket, string origin) = commandLine.Socket is { } given
            ? (given, "given with --socket")
            : BenchCommand.SocketFromConfigWithOrigin(commandLine, stderr);
        if (socket is null)
        {
            return ExitCodes.Config;
        }

        using var client = new TopClient(socket);
        (string? error, int code) = await TryRefreshAsync(client, origin);
        if (error is not null)
        {
            stderr.WriteLine("pitune top: " + error);
            return code;
        }

        string? term = Environment.GetEnvironmentVariable("TERM");
        bool dumb = string.IsNullOrEmpty(term) || term == "dumb";
        bool screen = !dumb && !Console.IsOutputRedirected && !Console.IsInputRedirected;
        bool color = !dumb && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        DateTimeOffset? end = commandLine.RunFor is { } runFor ? TimeProvider.System.GetUtcNow() + runFor : null;
        return screen
            ? await ScreenAsync(client, origin, stdout, color, end)
            : await LinesAsync(client, origin, stdout, stderr, end);
    }

    private static async Task<int> ScreenAsync(TopClient client, string origin, TextWriter stdout, bool color, DateTimeOffset? end)
    {
        TimeProvider time = TimeProvider.System;
        using var terminal = new TopTerminal(stdout);
        string? error = null;
        long nextRefresh = time.GetTimestamp() + (long)(Refresh.TotalSeconds * time.TimestampFrequency);
        while (!terminal.Quit.IsCancellationRequested && (end is null || time.GetUtcNow() < end))
        {
            (int width, int height) = TopTerminal.Size();

            // One column spare: a line that fills the last column leaves the cursor waiting to wrap.
            terminal.Draw(TopView.Render(new TopFrame(client.Socket, client.Samples, client.Status, error), width - 1, height, color));
            TimeSpan wait = time.GetElapsedTime(time.GetTimestamp(), nextRefresh);
            if (wait > TimeSpan.Zero)
            {
                await terminal.WaitAsync(wait, time);
                continue;
            }

            nextRefresh = time.GetTimestamp() + (long)(Refresh.TotalSeconds * time.TimestampFrequency);
            (string? message, _) = await TryRefreshAsync(client, origin);
            error = message is null ? null : $"lost the daemon: {message} (asking again each second; q quits)";
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> LinesAsync(TopClient client, string origin, TextWriter stdout, TextWriter stderr, DateTimeOffset? end)
    {
        TimeProvider time = TimeProvider.System;
        using var quit = new StopSignals();
        while (true)
        {
            stdout.WriteLine(TopLine.Format(client.Samples.Count > 0 ? client.Samples[^1] : null, client.Status));
            stdout.Flush();
            if (end is { } stop && time.GetUtcNow() + Refresh > stop)
            {
                return ExitCodes.Ok;
            }

            try
            {
                await Task.Delay(Refresh, time, quit.Token);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok;
            }

            (string? error, int code) = await TryRefreshAsync(client, origin);
            if (error is not null)
            {
                stderr.WriteLine("pitune top: lost the daemon: " + error);
                return code;
            }
        }
    }

    /// <summary>Refreshes <paramref name="client"/>; on failure, what went wrong in <c>pitune status</c>'s words and its exit code.</summary>
    private static async Task<(string? Error, int ExitCode)> TryRefreshAsync(TopClient client, string origin)
    {
        using var deadline = new CancellationTokenSource(AnswerTimeout, TimeProvider.System);
        try
        {
            await client.RefreshAsync(deadline.Token);
            return (null, ExitCodes.Ok);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && ex is OperationCanceledException or HttpRequestException or IOException or SocketException)
        {
            return ($"no answer from {client.Socket} within {AnswerTimeout.TotalSeconds:0} s; the daemon may be stuck (systemctl status pitune, journalctl -u pitune)", ExitCodes.TempFail);
        }
        catch (Exception ex) when (SocketHttp.SocketErrorOf(ex) is { } socketError)
        {
            return StatusCommand.Describe(socketError, client.Socket, origin, StatusCommand.ServiceInstalled());
        }
        catch (TopReplyException ex)
        {
            return ($"{client.Socket}: {ex.Message}", ExitCodes.Protocol);
        }
        catch (HttpRequestException ex)
        {
            return ($"the reply on {client.Socket} is not valid HTTP ({ex.Message}); is something other than pitune listening there?", ExitCodes.Protocol);
        }
        catch (IOException ex)
        {
            // The daemon went away in the middle of an answer.
            return ($"the connection to {client.Socket} broke ({ex.Message})", ExitCodes.Unavailable);
        }
    }
}
