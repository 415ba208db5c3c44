using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PiTune.Tests.Support;

/// <summary>The real <c>pitune</c> binary run as a child process, its output collected line by line.</summary>
internal sealed partial class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private DaemonProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="wrapper">A command that ends by exec'ing its arguments (so the PID stays the daemon's), e.g. unshare.</param>
    public static DaemonProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? wrapper = null)
    {
        // The Native AOT binary when TEST_PITUNE_BINARY names one (tests/aot/run.sh), else the JIT build through dotnet.
        string program = NativeBinary ?? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(wrapper is { Count: > 0 } ? wrapper[0] : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (wrapper is { Count: > 0 })
        {
            foreach (string arg in wrapper.Skip(1))
            {
                info.ArgumentList.Add(arg);
            }

            info.ArgumentList.Add(program);
        }

        if (NativeBinary is null)
        {
            info.ArgumentList.Add(PitunePath);
        }

        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A test must never reach the machine's real systemd or journal, whatever the runner's environment.
        foreach (string name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "INVOCATION_ID" })
        {
            info.Environment.Remove(name);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new DaemonProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start pitune"));
    }

    /// <summary>A native <c>pitune</c> executable to test instead of the JIT build (TEST_PITUNE_BINARY; not PITUNE_-prefixed, which the daemon reads as configuration), or null.</summary>
    public static string? NativeBinary { get; } = Environment.GetEnvironmentVariable("TEST_PITUNE_BINARY") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>pitune.dll built beside this test assembly's project reference, in the same configuration.</summary>
    public static string PitunePath { get; } = Path.Join(AppContext.BaseDirectory, "pitune.dll");

    /// <summary>Waits for the process to exit; fails the test with its output if it does not within <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"pitune did not exit within {timeout}; output:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output otherwise.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (watch.Elapsed > timeout || _process.HasExited && !Output.Contains(text, StringComparison.Ordinal))
            {
                // One last look: output may still be draining after exit.
                _process.WaitForExit(1000);
                Assert.True(Output.Contains(text, StringComparison.Ordinal), $"'{text}' not seen within {timeout}; output:\n{Output}");
                return;
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Waits until <paramref name="text"/> has appeared at least <paramref name="count"/> times.</summary>
    public void WaitForOutputCount(string text, int count, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (Occurrences(text) < count)
        {
            Assert.True(watch.Elapsed < timeout && !_process.HasExited, $"'{text}' seen {Occurrences(text)} of {count} times within {timeout}; output:\n{Output}");
            Thread.Sleep(20);
        }
    }

    private int Occurrences(string text) => Output.Split(text).Length - 1;

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    public const int SIGHUP = 1;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
