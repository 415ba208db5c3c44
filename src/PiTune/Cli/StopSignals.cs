using System.Runtime.InteropServices;

namespace PiTune.Cli;

/// <summary>
/// Ctrl-C and SIGTERM as one cancellation token for a CLI verb that runs until told to stop (<c>pitune bench</c>,
/// <c>pitune top</c>'s line mode): the verb ends its work cleanly instead of the process being killed mid-way.
/// Dispose to let the signals act as usual again.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _term;

    public StopSignals()
    {
        Console.CancelKeyPress += OnCancelKey;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _stop.Cancel();
        });
    }

    public CancellationToken Token => _stop.Token;

    public bool IsCancellationRequested => _stop.IsCancellationRequested;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKey;
        _term.Dispose();
        _stop.Dispose();
    }

    private void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _stop.Cancel();
    }
}
