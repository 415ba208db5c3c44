using System.Diagnostics;
using System.Net.Sockets;
using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Faults;

/// <summary>
/// The real binary on a Pi 5 folder tree with <c>Api:SocketPath</c> occupied by each kind of file. Only a socket
/// nothing listens on is removed; anything else is left exactly as it was and named in one line; the other jobs
/// go on (swappiness is tuned), and after stop the tree is byte-for-byte as before.
/// </summary>
public sealed class SocketFaultTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new("pitune-socket-fault");
    private readonly string _root;
    private readonly string _socket;
    private readonly SortedDictionary<string, string> _treeBefore;

    public SocketFaultTests()
    {
        _root = Pi5Layout.Write(_dir.Combine("pi5"));
        _socket = _dir.Combine("run/pitune.sock");
        Directory.CreateDirectory(_dir.Combine("run"));
        _treeBefore = TreeSnapshot.Of(_root);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Runs the daemon until the API has said what it did with the socket path and the memory job has tuned
    /// swappiness (the other jobs go on), stops it with SIGTERM; returns its output after exit 0 with the tree restored.
    /// </summary>
    private string RunOnce(string apiLine)
    {
        string config = _dir.WriteFile("appsettings.json", """{ "Memory": { "Swappiness": 35 } }""");
        using DaemonProcess daemon = DaemonProcess.Start(
        [
            "run", "--root", _root, "--config", config, $"--State:Directory={_dir.Combine("state")}",
            $"--Api:SocketPath={_socket}", "--Log:Target=Console",
        ]);
        daemon.WaitForOutput(apiLine, Limit);
        daemon.WaitForOutput("vm.swappiness set to 35 (was 60)", Limit);
        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
        Assert.Equal(_treeBefore, TreeSnapshot.Of(_root));
        return daemon.Output;
    }

    private static int Count(string output, string text) => output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    private string Refused(string what) =>
        $"API not started on {_socket}: it is {what}, not a socket, and PiTune removes only a socket an earlier run left (move it away or set Api:SocketPath); inference is unreachable, the other jobs go on";

    [Fact]
    public void A_regular_file_at_the_socket_path_is_named_and_kept()
    {
        File.WriteAllText(_socket, "an admin's notes\n");

        string output = RunOnce(Refused("a regular file"));

        Assert.Equal(1, Count(output, Refused("a regular file")));
        Assert.Equal("an admin's notes\n", File.ReadAllText(_socket));
        Assert.DoesNotContain("Removed a socket", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_at_the_socket_path_is_said_to_be_a_directory()
    {
        Directory.CreateDirectory(_socket);
        File.WriteAllText(Path.Join(_socket, "inside"), "x");

        string output = RunOnce(Refused("a directory"));

        Assert.Equal(1, Count(output, Refused("a directory")));
        Assert.DoesNotContain("does not exist", output, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(Path.Join(_socket, "inside")));
    }

    [Fact]
    public void A_fifo_at_the_socket_path_is_named_and_kept()
    {
        using (Process mkfifo = Process.Start("mkfifo", _socket))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        string output = RunOnce(Refused("a named pipe (FIFO)"));

        Assert.Equal(1, Count(output, Refused("a named pipe (FIFO)")));
        Assert.True(File.Exists(_socket));
    }

    [Fact]
    public void A_symbolic_link_at_the_socket_path_is_named_with_its_target_and_neither_is_touched()
    {
        string target = _dir.WriteFile("precious.txt", "keep me\n");
        File.CreateSymbolicLink(_socket, target);

        string output = RunOnce(Refused($"a symbolic link (to {target})"));

        Assert.Equal(1, Count(output, Refused($"a symbolic link (to {target})")));
        Assert.Equal(target, new FileInfo(_socket).LinkTarget);
        Assert.Equal("keep me\n", File.ReadAllText(target));
    }

    [Fact]
    public void A_socket_something_listens_on_is_left_to_its_owner()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_socket));
        listener.Listen();

        string refused = $"API not started on {_socket}: another process is listening on it; inference is unreachable, the other jobs go on";
        string output = RunOnce(refused);

        Assert.Equal(1, Count(output, refused));
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(_socket)); // still the listener's
    }

    [Fact]
    public void A_socket_left_by_an_earlier_run_is_removed_and_the_API_listens()
    {
        // What a killed daemon leaves: the socket file, nothing listening. .NET unlinks the path it bound at dispose,
        // so the file is moved away from that path first.
        string bound = _dir.Combine("run/bound.sock");
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, _socket);
        }

        Assert.True(File.Exists(_socket));

        string output = RunOnce($"API listening on {_socket}");

        Assert.Equal(1, Count(output, $"Removed a socket left over from an earlier run: {_socket}"));
        Assert.Equal(1, Count(output, $"API listening on {_socket}"));
        Assert.False(File.Exists(_socket)); // removed again at stop
    }

    [Fact]
    public void A_socket_path_whose_directory_is_a_file_says_so()
    {
        File.Delete(_dir.Combine("run/pitune.sock"));
        Directory.Delete(_dir.Combine("run"));
        File.WriteAllText(_dir.Combine("run"), "not a directory");

        string refused = $"API not started on {_socket}: its directory {_dir.Combine("run")} is a regular file, not a directory; inference is unreachable, the other jobs go on";
        string output = RunOnce(refused);

        Assert.Equal(1, Count(output, refused));
    }
}
