using Microsoft.Extensions.Logging;
using PiTune.Core.Metrics;
using PiTune.Inference.Backends;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Batching;

/// <summary>
/// Triton's dynamic batcher for one model: requests queue; a batch goes when its rows reach the
/// batch size (or the memory job's cap) or when the oldest request has waited the max queue delay —
/// or, with <see cref="ModelOptions.AdaptiveDelay"/>, as soon as the session is free and the whole group of clients
/// is queued: the rows of the last batch plus those that queued while it ran (closed-loop clients come back after their
/// answer). Waiting for the whole group, bounded by the max queue delay counted from when the session became free, merges
/// two groups that would otherwise alternate, each request waiting for the other group's batch and then its own.
/// Requests past their deadline or abandoned by their client are dropped before they run. Dedicated worker threads run
/// the batches, so a per-thread setup (priority, affinity) can be applied once at each one's start: one worker, or with
/// <see cref="ModelOptions.Runners"/> several against the one session, each with its own runner. With several the group
/// is shared out: a free worker waits for its share of the clients, and a burst found by more than one free worker is
/// split between them.
/// </summary>
internal sealed class ModelBatcher : IDisposable
{
    private readonly IModelBackend _model;
    private readonly ModelOptions _options;
    private readonly BufferPool _pool;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<int> _activity;
    private readonly Action? _workerStart;
    private readonly Worker[] _workers;
    private readonly Lock _gate = new();
    private readonly Queue<InferenceRequest> _queue = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly ITimer _delayTimer;
    private readonly ITimer _idleTimer;
    private readonly Action? _idle;
    private long _lastBatchStarted;
    private bool _ranSinceShrink;
    private bool _shrinkRefused;
    private int _shrinking;
    private int _arenaShrinks;
    private int _queuedRows;
    private int _runningRows;
    private int _freeWorkers;
    private int _group = 1;
    private int _batchCap;
    private int _disposed;
    private volatile bool _stopping;

    /// <param name="activity">Told +n when n requests are accepted and -1 as each one ends.</param>
    /// <param name="workerStart">Run on the worker thread before its first batch (thread priority, affinity).</param>
    /// <param name="batchTiming">The meter's batch run-time histogram.</param>
    /// <param name="idle">Run on the worker thread after each idle shrink of the arena (the engine trims the buffer pool).</param>
    public ModelBatcher(IModelBackend model, ModelOptions options, BufferPool pool, TimeProvider time, ILogger logger, Action<int> activity, Action? workerStart = null,
        OperationProfiler? batchTiming = null, Action? idle = null)
    {
        _model = model;
        _options = options;
        _pool = pool;
        _time = time;
        _logger = logger;
        _activity = activity;
        _workerStart = workerStart;
        _batchCap = model.Signature.MaxBatchSize;
        int workers = Math.Clamp(options.ResolveRunners(), 1, model.MaxConcurrentBatches);
        Statistics = new ModelStatistics(model.Signature.MaxBatchSize, time, batchTiming, workers);
        _workers = new Worker[workers];
        for (int i = 0; i < workers; i++)
        {
            _workers[i] = new Worker(model.CreateRunner(pool, Statistics, time, logger), model.Signature.MaxBatchSize);
            Worker worker = _workers[i];
            worker.Thread = new Thread(() => Work(worker)) { IsBackground = true, Name = "pitune-infer-" + model.Name };
        }

        _freeWorkers = workers;
        _delayTimer = time.CreateTimer(WakeFromTimer, _wake, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _idleTimer = time.CreateTimer(WakeFromTimer, _wake, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _idle = idle;
    }

    public IModelBackend Model => _model;

    /// <summary>
    /// A timer's wake-up. Disposing a timer does not wait for a callback already running, so on stop this can reach the
    /// event after <see cref="Dispose"/> freed it; the worker is gone by then and there is nothing to wake. (A throw
    /// here would be on a timer thread, which ends the process.)
    /// </summary>
    private static void WakeFromTimer(object? state)
    {
        try
        {
            ((AutoResetEvent)state!).Set();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public ModelStatistics Statistics { get; }

    /// <summary>The first worker's runner (warm-up and the first shrink run on it before the workers start).</summary>
    public IBatchRunner Runner => _workers[0].Runner;

    /// <summary>Worker threads, each running one batch at a time (<see cref="ModelOptions.Runners"/>, 1 for a HailoRT model).</summary>
    public int Workers => _workers.Length;

    /// <summary>Disposed, or its worker failed: it takes no more requests.</summary>
    public bool Stopping => _stopping;

    /// <summary>Idle shrinks of the arena so far (<see cref="ModelOptions.ArenaShrinkAfterIdle"/>).</summary>
    public int ArenaShrinks => Volatile.Read(ref _arenaShrinks);

    public int QueueDepth
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Start()
    {
        foreach (Worker worker in _workers)
        {
            worker.Thread.Start();
        }
    }

    /// <summary>Caps batches at <paramref name="cap"/> rows (memory pressure), or lifts the cap; a fixed-batch model ignores it.</summary>
    public void SetBatchCap(int? cap)
    {
        Volatile.Write(ref _batchCap, Math.Clamp(cap ?? int.MaxValue, 1, _model.Signature.MaxBatchSize));
        _wake.Set();
    }

    /// <summary>
    /// Queues <paramref name="request"/> (whose input the batcher now owns); false when the queue is full
    /// or the batcher stops, in which case the caller keeps the input.
    /// </summary>
    public bool TrySubmit(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_stopping || _queue.Count >= _options.MaxQueueSize)
            {
                return false;
            }

            request.Enqueued = _time.GetUtcNow();
            request.EnqueuedTimestamp = _time.GetTimestamp();
            _queue.Enqueue(request);
            _queuedRows += request.Rows;
            _activity(1);
        }

        _wake.Set();
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping = true;
        _wake.Set(); // each worker passes the wake-up on as it leaves
        foreach (Worker worker in _workers)
        {
            // ThreadState is flags: a background thread not yet started is Background | Unstarted (a batcher whose
            // warm-up failed is disposed before it starts).
            if ((worker.Thread.ThreadState & ThreadState.Unstarted) == 0)
            {
                worker.Thread.Join();
            }
        }

        lock (_gate)
        {
            while (_queue.TryDequeue(out InferenceRequest? r))
            {
                Drop(r, InferenceResult.Of(RequestStatus.NotReady, $"model {_model.Name} is stopping"));
            }
        }

        _delayTimer.Dispose();
        _idleTimer.Dispose();
        foreach (Worker worker in _workers)
        {
            worker.Runner.Dispose();
        }

        _wake.Dispose();
    }

    private void Work(Worker worker)
    {
        _workerStart?.Invoke();
        List<InferenceRequest> batch = worker.Batch;
        try
        {
            while (!_stopping)
            {
                if (!TryForm(worker))
                {
                    ShrinkIfIdle(worker.Runner);
                    _wake.WaitOne();
                    continue;
                }

                try
                {
                    worker.Runner.Run(batch);
                }
                finally
                {
                    LearnGroup(worker);
                    foreach (InferenceRequest r in batch)
                    {
                        _pool.Return(r.Input);
                        _activity(-1);
                    }

                    batch.Clear();
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            InferenceLog.WorkerFailed(_logger, _model.Name, ex);
            _stopping = true;
        }
        finally
        {
            _wake.Set(); // one Set wakes one waiting worker: pass a stop on to the next
        }
    }

    /// <summary>
    /// The group of clients, learnt as each batch ends (its worker then counts as free again): its rows, whose clients
    /// come back once answered, the rows that queued while it ran, before its first answer went out, and the rows the
    /// other workers are running. A client answered by this batch that is already back (its request queued after that
    /// answer) is one of the batch's rows, not another client.
    /// </summary>
    private void LearnGroup(Worker worker)
    {
        List<InferenceRequest> batch = worker.Batch;
        long answered = long.MaxValue;
        int rows = 0;
        foreach (InferenceRequest r in batch)
        {
            rows += r.Rows;
            if (r.CompletedTimestamp != 0)
            {
                answered = Math.Min(answered, r.CompletedTimestamp);
            }
        }

        lock (_gate)
        {
            int waiting = 0;
            foreach (InferenceRequest q in _queue)
            {
                if (q.EnqueuedTimestamp < answered)
                {
                    waiting += q.Rows;
                }
            }

            _runningRows -= rows;
            _group = Math.Max(1, rows + waiting + _runningRows);
            _freeWorkers++;
            worker.FreeSince = _time.GetUtcNow();
        }
    }

    /// <summary>
    /// Shrinks the arena once the delay has passed since the last batch and no worker runs one (the idle timer wakes a
    /// worker for it); one worker at a time.
    /// </summary>
    private void ShrinkIfIdle(IBatchRunner runner)
    {
        if (Interlocked.CompareExchange(ref _shrinking, 1, 0) != 0)
        {
            return;
        }

        try
        {
            lock (_gate)
            {
                // A worker still running a batch looks again when it ends.
                if (!_ranSinceShrink || _queue.Count > 0 || _freeWorkers < _workers.Length)
                {
                    return;
                }

                // A system timer can fire a little before the monotonic clock has moved the full delay: wait out the
                // rest, or the shrink would be forgotten until the next batch.
                TimeSpan rest = _options.ArenaShrinkAfterIdle - _time.GetElapsedTime(_lastBatchStarted);
                if (rest > TimeSpan.Zero)
                {
                    _idleTimer.Change(rest, Timeout.InfiniteTimeSpan);
                    if (_time.GetElapsedTime(_lastBatchStarted) >= _options.ArenaShrinkAfterIdle)
                    {
                        _wake.Set(); // the clock passed the due time while the timer was being armed
                    }

                    return;
                }

                _ranSinceShrink = false;
            }

            if (runner.Shrink() is { } failure)
            {
                // Said once: the model serves on with the arena at its peak.
                _shrinkRefused = true;
                InferenceLog.ArenaShrinkFailed(_logger, _model.Name, Providers.ExecutionProviderCatalog.OneLine(failure.Message));
                return;
            }

            Interlocked.Increment(ref _arenaShrinks);
            InferenceLog.ArenaShrunk(_logger, _model.Name, _options.ArenaShrinkAfterIdle.TotalSeconds);
            _idle?.Invoke();
        }
        finally
        {
            Volatile.Write(ref _shrinking, 0);
        }
    }

    /// <summary>
    /// Takes the next batch into <paramref name="worker"/>'s list when one is due, and counts the worker busy; else arms
    /// the delay timer and returns false.
    /// </summary>
    private bool TryForm(Worker worker)
    {
        List<InferenceRequest> batch = worker.Batch;
        DateTimeOffset now = _time.GetUtcNow();
        int cap = _model.Signature.FixedBatch ?? Volatile.Read(ref _batchCap);
        lock (_gate)
        {
            DropDead(now);
            if (_queue.Count == 0)
            {
                return false;
            }

            // Triton's rule counts the delay from the oldest request's arrival. The adaptive rule counts it from the later
            // of that and a worker freeing: a request that queued behind running batches has waited for a worker, not
            // for company, and the rest of its group is on its way back. With several workers each waits for its share
            // of the group.
            DateTimeOffset head = _queue.Peek().Enqueued;
            DateTimeOffset freeSince = EarliestFree();
            DateTimeOffset from = _options.AdaptiveDelay && freeSince > head ? freeSince : head;
            int share = (_group + _workers.Length - 1) / _workers.Length;
            bool companyIn = _options.AdaptiveDelay && _queuedRows >= Math.Min(share, cap);
            if (_queuedRows < cap && now - from < _options.MaxQueueDelay && !companyIn)
            {
                _delayTimer.Change(_options.MaxQueueDelay - (now - from), Timeout.InfiniteTimeSpan);
                // The clock may have moved past the due time between reading it and arming the timer (this thread was
                // preempted): the timer, armed from the later time, would wait the delay again. Look once more.
                if (_time.GetUtcNow() - from >= _options.MaxQueueDelay)
                {
                    _wake.Set();
                }

                return false;
            }

            // Rows found by several free workers are split between them rather than all run by one while the others idle.
            int take = _freeWorkers > 1 ? Math.Min(cap, Math.Max(share, (_queuedRows + _freeWorkers - 1) / _freeWorkers)) : cap;
            int rows = 0;
            while (_queue.TryPeek(out InferenceRequest? next) && (batch.Count == 0 || rows + next.Rows <= take))
            {
                _queue.Dequeue();
                _queuedRows -= next.Rows;
                if (!next.TryStart())
                {
                    Drop(next, default);
                    continue;
                }

                if (now >= next.Deadline)
                {
                    Drop(next, InferenceResult.Of(RequestStatus.DeadlineExceeded, "the request's deadline passed while it was queued"));
                    continue;
                }

                batch.Add(next);
                rows += next.Rows;
            }

            if (batch.Count == 0)
            {
                return false;
            }

            _freeWorkers--;
            _runningRows += rows;
            worker.FreeSince = DateTimeOffset.MaxValue;

            // Stamped and armed before the run: its requests complete inside it, and a client that goes quiet then must
            // find the idle delay counted from this batch, not the one before.
            if (_options.ArenaShrinkAfterIdle > TimeSpan.Zero && !_shrinkRefused)
            {
                _lastBatchStarted = _time.GetTimestamp();
                _ranSinceShrink = true;
                _idleTimer.Change(_options.ArenaShrinkAfterIdle, Timeout.InfiniteTimeSpan);
            }

            if (_queue.Count > 0 && _freeWorkers > 0)
            {
                _wake.Set(); // what is left is another free worker's to look at
            }

            return true;
        }
    }

    /// <summary>When the longest-free worker freed (<see cref="DateTimeOffset.MinValue"/> before its first batch). Under the gate.</summary>
    private DateTimeOffset EarliestFree()
    {
        DateTimeOffset earliest = DateTimeOffset.MaxValue;
        foreach (Worker w in _workers)
        {
            if (w.FreeSince < earliest)
            {
                earliest = w.FreeSince;
            }
        }

        return earliest;
    }

    /// <summary>Drops abandoned and expired requests from the head of the queue, so they do not hold the delay clock.</summary>
    private void DropDead(DateTimeOffset now)
    {
        while (_queue.TryPeek(out InferenceRequest? head) && now >= head.Deadline)
        {
            _queue.Dequeue();
            _queuedRows -= head.Rows;
            Drop(head, InferenceResult.Of(RequestStatus.DeadlineExceeded, "the request's deadline passed while it was queued"));
        }
    }

    private void Drop(InferenceRequest request, InferenceResult result)
    {
        if (result.Status != RequestStatus.Ok)
        {
            request.TryComplete(result);
        }

        _pool.Return(request.Input);
        _activity(-1);
    }

    /// <summary>One worker thread: its runner, its batch, and since when it is free (MaxValue while it runs a batch).</summary>
    private sealed class Worker(IBatchRunner runner, int maxBatch)
    {
        public IBatchRunner Runner { get; } = runner;

        public List<InferenceRequest> Batch { get; } = new(maxBatch);

        public Thread Thread { get; set; } = null!;

        public DateTimeOffset FreeSince { get; set; } = DateTimeOffset.MinValue;
    }
}
