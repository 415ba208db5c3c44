using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PiTune.Cli;
using PiTune.Tests.Api;
using PiTune.Tests.Support;

namespace PiTune.Tests.Cli;

/// <summary><c>pitune status</c> against an in-process API on a real socket, and against every way it can fail to get an answer.</summary>
public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_prints_aligned_sections_with_units_and_what_PiTune_changed()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        server.Bus.Publish(StatusFixture.Snapshot());
        StatusFixture.ChangeGovernor(server);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = await StatusCommand.RunAsync(Parse("status", "--socket", server.Api.SocketPath), stdout, stderr);

        string text = stdout.ToString();
        Assert.True(code == ExitCodes.Ok, stderr.ToString());
        Assert.Contains("  governor     policy0: performance", text, StringComparison.Ordinal);
        Assert.Contains("  frequency    policy0: 1.80 GHz (max 2.00 GHz)", text, StringComparison.Ordinal);
        Assert.Contains("  temp         61.5 °C", text, StringComparison.Ordinal);
        Assert.Contains("  fan          40 % duty, 3100 rpm, controlled by PiTune", text, StringComparison.Ordinal);
        Assert.Contains("under-voltage: no (occurred since boot)", text, StringComparison.Ordinal);
        Assert.Contains("soft limit: YES", text, StringComparison.Ordinal);
        Assert.Contains("  cls          ready on CPU, queue 0", text, StringComparison.Ordinal);
        Assert.Contains("/" + StatusFixture.GovernorPath + "  performance  (was ondemand)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_json_prints_the_daemons_JSON_and_the_socket_comes_from_configuration()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync();
        server.Bus.Publish(StatusFixture.Snapshot());
        var stdout = new StringWriter();

        int code = await StatusCommand.RunAsync(Parse("status", "--json", "--Api:SocketPath=" + server.Api.SocketPath), stdout, new StringWriter());

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(61.5, doc.RootElement.GetProperty("thermal").GetProperty("temperature_c").GetDouble());
    }

    [Fact]
    public async Task A_missing_socket_says_pitune_is_not_running_and_exits_69()
    {
        using var dir = new TempDirectory("pitune-status");
        string socket = dir.Combine("pitune.sock");
        var stderr = new StringWriter();

        int code = await StatusCommand.RunAsync(Parse("status", "--socket", socket), new StringWriter(), stderr);

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.StartsWith($"pitune: no pitune daemon at {socket} (given with --socket)", stderr.ToString().Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_socket_status_says_which_socket_it_tried_where_that_came_from_and_how_to_point_at_another()
    {
        using var dir = new TempDirectory("pitune-status");
        string socket = dir.Combine("pitune.sock");
        string config = dir.WriteFile("appsettings.json", $$"""{ "Api": { "SocketPath": "{{socket}}" } }""");
        var stderr = new StringWriter();

        int code = await StatusCommand.RunAsync(Parse("status", "--config", config), new StringWriter(), stderr);

        Assert.Equal(ExitCodes.Unavailable, code);
        string text = stderr.ToString();
        Assert.Contains($"no pitune daemon at {socket} (Api:SocketPath in {config})", text, StringComparison.Ordinal);
        Assert.Contains("--socket PATH", text, StringComparison.Ordinal);
        Assert.Contains("run/pitune/pitune.sock", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Systemctl_is_suggested_only_when_the_service_is_installed_and_its_socket_was_tried(bool installed)
    {
        (string message, int code) = StatusCommand.Describe(SocketError.ConnectionRefused, "/run/pitune/pitune.sock", "the default Api:SocketPath", installed);
        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Equal(installed, message.Contains("systemctl start pitune", StringComparison.Ordinal));
        (string other, _) = StatusCommand.Describe(SocketError.ConnectionRefused, "/tmp/sim/run/pitune/pitune.sock", "given with --socket", installed);
        Assert.DoesNotContain("systemctl", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_file_nobody_listens_on_is_refused_and_exits_69()
    {
        using var dir = new TempDirectory("pitune-status");
        string socket = dir.Combine("pitune.sock");
        // Bound but not listening: connect(2) gets ECONNREFUSED, as on a socket file a crashed daemon left behind.
        using var left = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        left.Bind(new UnixDomainSocketEndPoint(socket));

        var stderr = new StringWriter();
        int code = await StatusCommand.RunAsync(Parse("status", "--socket", socket), new StringWriter(), stderr);

        Assert.True(File.Exists(socket));
        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Contains($"no pitune daemon at {socket}", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_on_the_socket_names_the_pitune_group_and_exits_77()
    {
        // The tests run as root, which connect(2) never refuses with EACCES; the mapping from the errno is what is checked here.
        (string message, int code) = StatusCommand.Describe(SocketError.AccessDenied, "/run/pitune/pitune.sock", "given with --socket", serviceInstalled: true);

        Assert.Equal(ExitCodes.NoPermission, code);
        Assert.Equal("permission denied on /run/pitune/pitune.sock (given with --socket): run as root or add yourself to the pitune group (sudo usermod -aG pitune $USER)", message);
    }

    [Fact]
    public async Task A_daemon_that_accepts_but_never_answers_times_out_with_exit_75()
    {
        using var dir = new TempDirectory("pitune-status");
        string socket = dir.Combine("pitune.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        listener.Listen();
        var stderr = new StringWriter();

        int code = await StatusCommand.RunAsync(Parse("status", "--socket", socket), new StringWriter(), stderr, TimeSpan.FromMilliseconds(300));

        Assert.Equal(ExitCodes.TempFail, code);
        Assert.Contains("no answer from " + socket, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_that_is_not_a_status_report_exits_76()
    {
        using var dir = new TempDirectory("pitune-status");
        string socket = dir.Combine("pitune.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        listener.Listen();
        Task serve = Task.Run(async () =>
        {
            using Socket client = await listener.AcceptAsync();
            var buffer = new byte[4096];
            await client.ReceiveAsync(buffer);
            await client.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"));
        });
        var stderr = new StringWriter();

        int code = await StatusCommand.RunAsync(Parse("status", "--socket", socket), new StringWriter(), stderr);
        await serve;

        Assert.Equal(ExitCodes.Protocol, code);
        Assert.Contains("is not valid JSON", stderr.ToString(), StringComparison.Ordinal);
    }

    private static CommandLine Parse(params string[] args) => CommandLine.Parse(args, out string? error) ?? throw new InvalidOperationException(error);
}
