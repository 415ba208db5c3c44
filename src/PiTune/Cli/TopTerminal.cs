using System.Runtime.InteropServices;

namespace PiTune.Cli;

/// <summary>
/// The terminal while <c>pitune top</c> owns it: the alternate screen with the cursor hidden, put back however top
/// ends (q, Ctrl-C, SIGTERM, an exception: <see cref="Dispose"/>). Keys are read on a thread of their own, so a
/// blocking read never holds up a frame; <c>q</c>, Ctrl-C and SIGTERM end <see cref="Quit"/>, and a resize (SIGWINCH)
/// wakes the loop to draw again at the new size.
/// </summary>
internal sealed class TopTerminal : IDisposable
{
    private const string EnterScreen = "\e[?1049h\e[?25l\e[H\e[2J";
    private const string LeaveScreen = "\e[?25h\e[?1049l";

    private readonly TextWriter _out;
    private readonly CancellationTokenSource _quit = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration? _winch;
    private int _left;

    public TopTerminal(TextWriter stdout)
    {
        _out = stdout;
        _out.Write(EnterScreen);
        _out.Flush();
        Console.CancelKeyPress += OnCancelKey;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            Stop();
        });
        _winch = OperatingSystem.IsLinux() ? PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => Wake()) : null;
        var keys = new Thread(ReadKeys) { IsBackground = true, Name = "pitune top keys" };
        keys.Start();
    }

    /// <summary>Cancelled when the user quits.</summary>
    public CancellationToken Quit => _quit.Token;

    /// <summary>Columns and rows now (read every frame, so a resize shows at once).</summary>
    public static (int Width, int Height) Size()
    {
        try
        {
            return (Console.WindowWidth, Console.WindowHeight);
        }
        catch (IOException)
        {
            return (80, 24);
        }
    }

    /// <summary>Draws a frame over the last one: each line cleared to its end, anything below cleared.</summary>
    public void Draw(IReadOnlyList<string> lines)
    {
        var frame = new System.Text.StringBuilder("\e[H");
        for (int i = 0; i < lines.Count; i++)
        {
            frame.Append(lines[i]).Append("\e[K");
            if (i < lines.Count - 1)
            {
                frame.Append("\r\n");
            }
        }

        frame.Append("\e[J");
        _out.Write(frame.ToString());
        _out.Flush();
    }

    /// <summary>Waits until <paramref name="delay"/> has passed, a key or resize wants a new frame, or the user quits.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time)
    {
        using var timer = new CancellationTokenSource(delay, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(_quit.Token, timer.Token);
        try
        {
            await _wake.WaitAsync(Timeout.InfiniteTimeSpan, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) != 0)
        {
            return;
        }

        Console.CancelKeyPress -= OnCancelKey;
        _term.Dispose();
        _winch?.Dispose();
        _out.Write(LeaveScreen);
        _out.Flush();
        _quit.Dispose();
        _wake.Dispose();
    }

    private void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
    {
        // Ctrl-C ends top like q: the loop leaves, Dispose puts the screen back, exit 0.
        e.Cancel = true;
        Stop();
    }

    private void Stop()
    {
        try
        {
            _quit.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void ReadKeys()
    {
        try
        {
            while (!_quit.IsCancellationRequested)
            {
                ConsoleKeyInfo key = Console.ReadKey(intercept: true);
                if (key.KeyChar is 'q' or 'Q')
                {
                    Stop();
                    return;
                }

                Wake();
            }
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            // No console to read keys from: q cannot be pressed, Ctrl-C and SIGTERM still end top.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
