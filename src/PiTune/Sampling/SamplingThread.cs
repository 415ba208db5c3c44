using PiTune.Core.Metrics;

namespace PiTune.Sampling;

/// <summary>
/// Runs each sample on a thread of its own, so the sampling loop can wait for it with a timeout. A read that never
/// returns holds only this thread: the loop notices, says so, and stops without waiting for it. A thread blocked in
/// the kernel cannot be killed, so it is a background thread that is never joined; once its read returns it sees it
/// was disposed and ends.
/// </summary>
internal sealed class SamplingThread : IDisposable
{
    private readonly Func<ResourceMetrics> _sample;
    private readonly Action? _onStart;

    // Never disposed: the thread may still be blocked and wait on it again after its read returns.
    private readonly AutoResetEvent _request = new(false);
    private readonly Thread _thread;
    private TaskCompletionSource<ResourceMetrics>? _pending;
    private volatile bool _disposed;
    private bool _started;

    public SamplingThread(Func<ResourceMetrics> sample, Action? onStart = null)
    {
        _sample = sample;
        _onStart = onStart;
        _thread = new Thread(Run) { IsBackground = true, Name = "pitune-sampler" };
    }

    /// <summary>Starts one sample; the task completes with its snapshot (or its exception). One at a time, from one caller.</summary>
    public Task<ResourceMetrics> Next()
    {
        if (_pending is { Task.IsCompleted: false })
        {
            throw new InvalidOperationException("A sample is still running.");
        }

        if (!_started)
        {
            _started = true;
            _thread.Start();
        }

        var next = new TaskCompletionSource<ResourceMetrics>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pending, next);
        _request.Set();
        return next.Task;
    }

    private void Run()
    {
        _onStart?.Invoke();
        while (true)
        {
            _request.WaitOne();
            if (_disposed)
            {
                return;
            }

            TaskCompletionSource<ResourceMetrics> pending = Volatile.Read(ref _pending)!;
            try
            {
                pending.TrySetResult(_sample());
            }
            catch (Exception ex)
            {
                pending.TrySetException(ex);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _request.Set();
    }
}
