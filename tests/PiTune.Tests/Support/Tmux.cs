using System.Diagnostics;

namespace PiTune.Tests.Support;

/// <summary>
/// A tmux server of the test's own (<c>tmux -L NAME</c>, so a user's tmux is never touched) running one command in a
/// real terminal of a given size: keys go in with send-keys, the screen comes out with capture-pane.
/// </summary>
internal sealed class Tmux : IDisposable
{
    private readonly string _server = "pitune-test-" + Guid.NewGuid().ToString("N")[..12];

    private Tmux()
    {
    }

    /// <summary>Starts <paramref name="command"/> (a shell command line) in a detached session of <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static Tmux Start(string command, int width, int height)
    {
        var tmux = new Tmux();
        tmux.Run("new-session", "-d", "-s", "t", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), command);
        return tmux;
    }

    /// <summary>The visible screen, one string per row.</summary>
    public string Capture() => Run("capture-pane", "-p", "-t", "t");

    /// <summary>The visible screen with its colours and attributes as escape sequences (capture-pane -e).</summary>
    public string CaptureWithAttributes() => Run("capture-pane", "-p", "-e", "-t", "t");

    public void SendKeys(params string[] keys) => Run(["send-keys", "-t", "t", .. keys]);

    public void Resize(int width, int height) => Run("resize-window", "-t", "t", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Polls the screen until <paramref name="done"/> holds for it; fails with the last screen after <paramref name="timeout"/>.</summary>
    public string WaitForScreen(Func<string, bool> done, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        string screen = Capture();
        while (!done(screen))
        {
            Assert.True(watch.Elapsed < timeout, $"{what}: not seen within {timeout}; the screen:\n{screen}");
            Thread.Sleep(100);
            screen = Capture();
        }

        return screen;
    }

    /// <summary>Single-quotes an argument for the shell tmux runs the command with.</summary>
    public static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone with its last session.
        }
    }

    private string Run(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_server);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("tmux did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("tmux is not installed (Debian: apt-get install tmux; .ci/run installs it)", ex);
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"tmux {string.Join(' ', args)} exited {process.ExitCode}: {error.Result}");
            }

            return output.Result;
        }
    }
}
