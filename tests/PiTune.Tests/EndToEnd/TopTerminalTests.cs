using System.Net.Sockets;
using System.Text.Json;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>
/// <c>pitune top</c> in a real terminal (tmux) against a simulated daemon: the chart moves when load arrives, q exits 0
/// and puts the screen back, a daemon that goes away is said on screen; piped, one line a second; no daemon, exit 69.
/// Every wait polls the screen for what it expects, with a generous limit: nothing is decided by a fixed sleep.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class TopTerminalTests : IDisposable
{
    private const string Model = "text-direction";
    private const string Exited = "top exited ";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_requests_chart_moves_when_load_arrives_q_exits_0_and_a_daemon_gone_is_said_on_screen()
    {
        string simRoot = _dir.Combine("sim");
        string socket = Path.Join(simRoot, "run/pitune/pitune.sock");
        using DaemonProcess daemon = StartDaemon(simRoot);
        daemon.WaitForOutput($"Model {Model} ready", Limit);

        using (Tmux tmux = Tmux.Start(TopCommand(socket), 120, 40))
        {
            // No request yet: the requests chart is flat along its floor.
            string before = tmux.WaitForScreen(s => RequestsChart(s) is { Length: > 0 }, Limit, "the first frame with a requests chart");
            Assert.Matches("^[▁ ]+$", RequestsChart(before));
            Assert.Contains("governor ", before, StringComparison.Ordinal);
            Assert.Contains("temperature", before, StringComparison.Ordinal);

            // Load arrives (requests until the chart shows it, then stop).
            using var stop = new CancellationTokenSource();
            Task load = LoadAsync(socket, stop.Token);
            string after;
            try
            {
                after = tmux.WaitForScreen(s => RequestsChart(s)?.IndexOfAny(['▂', '▃', '▄', '▅', '▆', '▇', '█']) >= 0, Limit, "the requests chart rising under load");
            }
            finally
            {
                await stop.CancelAsync();
                await load;
            }

            Assert.NotEqual(before, after);
            Assert.Contains("\e[32m", tmux.CaptureWithAttributes(), StringComparison.Ordinal);

            // A resize redraws at the new width.
            tmux.Resize(70, 30);
            tmux.WaitForScreen(s => Rows(s).Any(r => r.StartsWith(" requests", StringComparison.Ordinal) && r.TrimEnd().Length is > 40 and <= 70), Limit, "a frame 70 columns wide");

            tmux.SendKeys("q");
            string done = tmux.WaitForScreen(s => s.Contains(Exited, StringComparison.Ordinal), Limit, "top exiting on q");
            Assert.Contains(Exited + "0", done, StringComparison.Ordinal);
            // The alternate screen is gone: the shell's screen holds only the exit line, no frame.
            Assert.DoesNotContain("temperature", done, StringComparison.Ordinal);
        }

        // NO_COLOR: the same screen without a colour; TERM=dumb: one line a second, as piped.
        using (Tmux tmux = Tmux.Start(TopCommand(socket, "NO_COLOR=1"), 120, 40))
        {
            tmux.WaitForScreen(s => RequestsChart(s) is { Length: > 0 }, Limit, "the first frame without colour");
            Assert.DoesNotContain("\e[3", tmux.CaptureWithAttributes(), StringComparison.Ordinal);
            tmux.SendKeys("q");
            Assert.Contains(Exited + "0", tmux.WaitForScreen(s => s.Contains(Exited, StringComparison.Ordinal), Limit, "top exiting on q"), StringComparison.Ordinal);
        }

        using (Tmux tmux = Tmux.Start(TopCommand(socket, "TERM=dumb"), 120, 40))
        {
            tmux.WaitForScreen(s => Rows(s).Count(r => r.Contains(" seq ", StringComparison.Ordinal)) >= 2, Limit, "two lines under TERM=dumb");
        }

        using (Tmux tmux = Tmux.Start(TopCommand(socket), 120, 40))
        {
            tmux.WaitForScreen(s => RequestsChart(s) is not null, Limit, "the first frame");
            daemon.Signal(DaemonProcess.SIGTERM);
            Assert.Equal(0, daemon.WaitForExit(Limit));
            string gone = tmux.WaitForScreen(s => s.Contains("lost the daemon", StringComparison.Ordinal), Limit, "the lost daemon said on screen");
            Assert.Contains($"lost the daemon: no pitune daemon at {socket[..Math.Min(socket.Length, 40)]}", gone, StringComparison.Ordinal);
            tmux.SendKeys("q");
            Assert.Contains(Exited + "0", tmux.WaitForScreen(s => s.Contains(Exited, StringComparison.Ordinal), Limit, "top exiting on q"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Piped_top_prints_one_line_a_tick_and_without_a_daemon_it_exits_69_naming_the_socket()
    {
        string simRoot = _dir.Combine("sim");
        string socket = Path.Join(simRoot, "run/pitune/pitune.sock");
        using (DaemonProcess daemon = StartDaemon(simRoot, "--Inference:Enabled=false"))
        {
            daemon.WaitForOutput("pitune.sock", Limit);
            using DaemonProcess top = DaemonProcess.Start(["top", "--socket", socket, "--for", "3s"]);
            Assert.Equal(0, top.WaitForExit(Limit));
            string[] lines = top.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.InRange(lines.Length, 2, 4);
            Assert.All(lines, l => Assert.Matches(@"^\S+Z seq \d+ temp [\d.]+C freq \d+MHz .* governor \w+( profile \S+)? throttle 0x[0-9a-f]+$", l));
            Assert.DoesNotContain('\e', top.Output);
        }

        using DaemonProcess none = DaemonProcess.Start(["top", "--socket", socket]);
        Assert.Equal(69, none.WaitForExit(Limit));
        Assert.Contains($"pitune top: no pitune daemon at {socket} (given with --socket)", none.Output, StringComparison.Ordinal);
    }

    private static DaemonProcess StartDaemon(string simRoot, params string[] extra) => DaemonProcess.Start(
        ["run", "--simulate", "--sim-root", simRoot, "--config", RepoPaths.SampleConfig, "--Log:Target=Console", "--Sampling:LogEachTick=false", .. extra]);

    /// <summary>The shell command tmux runs: top (the binary under test), then its exit code on the normal screen, then a pause to read it.</summary>
    private static string TopCommand(string socket, string environment = "")
    {
        string[] program = DaemonProcess.NativeBinary is { } native
            ? [native]
            : [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", DaemonProcess.PitunePath];
        string top = string.Join(' ', program.Concat(["top", "--socket", socket]).Select(Tmux.Quote));
        // The runner's own NO_COLOR must not decide what the colour checks see.
        return $"env -u NO_COLOR {environment} {top}; echo \"{Exited}$?\"; sleep 600";
    }

    private static string[] Rows(string screen) => screen.Split('\n');

    /// <summary>The sparkline of the requests row, or null when no frame shows one.</summary>
    private static string? RequestsChart(string screen) =>
        Rows(screen).FirstOrDefault(r => r.StartsWith(" requests", StringComparison.Ordinal)) is { } row && row.Length > 40 ? row[40..].Trim() : null;

    private static async Task LoadAsync(string socket, CancellationToken stop)
    {
        using HttpClient client = new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                return new NetworkStream(s, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://localhost") };
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(
            new { inputs = new[] { new { name = "x", shape = new[] { 1, 3, 48, 192 }, datatype = "FP32", data = new float[3 * 48 * 192] } } });
        async Task Sender()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using HttpResponseMessage response = await client.PostAsync($"/v2/models/{Model}/infer", new ByteArrayContent(body), stop);
                    Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(stop));
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Sender()));
    }

    public void Dispose() => _dir.Dispose();
}
