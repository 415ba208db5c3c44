using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using PiTune.Core.Inference;
using PiTune.Core.Metrics;
using PiTune.Inference.Batching;
using PiTune.Inference.Interop;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Inference.Providers;

namespace PiTune.Inference;

/// <summary>
/// Every configured model and its batcher; the batcher's activity signal for the governor, the batch
/// size cap for the memory job, and the accelerator figures for the snapshot and the <c>PiTune</c> meter.
/// </summary>
internal sealed class InferenceEngine : IInferenceActivity, IBatchSizeLimiter, IMetricsContributor, IDisposable
{
    public const string MeterName = "PiTune";
    private readonly InferenceOptions _options;
    private readonly BufferPool _pool;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ModelEntry> _models;
    private readonly Lock _activityGate = new();
    private readonly LatencyHistogram _windowLatencies = new();
    private readonly Meter _meter;
    private readonly Histogram<double> _latency;
    private readonly Histogram<int> _batchSize;
    private readonly OperationProfiler _batchTiming;
    private readonly Action? _workerStart;
    private int _inFlight;
    private int _disposed;
    private int? _pressureCap;
    private volatile bool _loaded;

    public InferenceEngine(InferenceOptions options, BufferPool pool, TimeProvider time, ILogger logger, IMeterFactory? meterFactory = null, Action? workerStart = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pool = pool;
        _time = time;
        _logger = logger;
        _workerStart = workerStart;
        _models = options.Models.ToDictionary(m => m.Name, m => new ModelEntry(m), StringComparer.Ordinal);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _latency = _meter.CreateHistogram<double>("pitune.inference.request.duration", "ms", "Time from queueing to result, per request");
        _batchSize = _meter.CreateHistogram("pitune.inference.batch.size", "{request}", "Rows per batch the batcher formed", tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
        _batchTiming = new OperationProfiler(_meter, "pitune.inference.batch.duration", "Time one batch ran in its session", time);
        _meter.CreateObservableGauge("pitune.inference.queue.depth", () => _models.Values.Sum(m => m.Batcher?.QueueDepth ?? 0), "{request}");
        _meter.CreateObservableGauge("pitune.pool.bytes_in_use", () => _pool.BytesInUse, "By");
        _meter.CreateObservableGauge("pitune.pool.bytes_free", () => _pool.BytesFree, "By");
    }

    public event Action<bool>? ActivityChanged;

    public bool IsActive => Volatile.Read(ref _inFlight) > 0;

    /// <summary>True once every model is ready or disabled.</summary>
    public bool IsLoaded => _loaded;

    public IReadOnlyCollection<ModelEntry> Models => _models.Values;

    public bool TryGet(string name, out ModelEntry entry) => _models.TryGetValue(name, out entry!);

    /// <summary>Loads every model in turn (providers resolved once); a model that fails is disabled and logged, the rest go on.</summary>
    public void LoadAll(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            InferenceLog.Disabled(_logger);
            foreach (ModelEntry entry in _models.Values)
            {
                entry.SetDisabled("inference is disabled (Inference:Enabled is false)");
            }

            _loaded = true;
            return;
        }

        InferenceLog.Runtime(_logger, OrtEnv.Instance().GetVersionString(), string.Join(", ", OrtEnv.Instance().GetAvailableProviders()));
        IReadOnlyList<ProviderCandidate> providers = new ExecutionProviderCatalog(_logger).Resolve(_options.ExecutionProviders);
        bool sharedArena = false;
        if (_options.ArenaExtendStrategy != ArenaExtendStrategy.NextPowerOfTwo)
        {
            if (SharedArena.TryRegister(_options.ArenaExtendStrategy) is { } refused)
            {
                InferenceLog.SharedArenaRefused(_logger, _options.ArenaExtendStrategy.ToString(), refused);
            }
            else
            {
                InferenceLog.SharedArena(_logger, _options.ArenaExtendStrategy.ToString());
                sharedArena = true;
            }
        }

        var loader = new ModelLoader(_logger, sharedArena);
        foreach (ModelEntry entry in _models.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LoadedModel? model = loader.TryLoad(entry.Options, providers, _options.GraphOptimization, out string? error);
            if (model is null)
            {
                InferenceLog.ModelDisabled(_logger, entry.Name, error ?? "unknown");
                entry.SetDisabled(error ?? "unknown");
                continue;
            }

            var batcher = new ModelBatcher(model, entry.Options, _pool, _time, _logger, Activity, _workerStart, _batchTiming, HandBackIdleMemory);
            long started = _time.GetTimestamp();
            try
            {
                for (int i = 0; i < entry.Options.WarmupRuns; i++)
                {
                    batcher.Runner.Warm(model.Signature.MaxBatchSize);
                }

                // The full-batch warm-up leaves the arena at its peak (~40 MB for the bundled classifier) and the pool with
                // its buffers; an idle model should not keep them. A refusal is said by the batcher's first idle shrink.
                if (entry.Options.ArenaShrinkAfterIdle > TimeSpan.Zero && entry.Options.WarmupRuns > 0 && batcher.Runner.Shrink() is null)
                {
                    HandBackIdleMemory();
                }
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or InvalidOperationException)
            {
                string reason = $"warm-up failed: {ExecutionProviderCatalog.OneLine(ex.Message)}";
                InferenceLog.ModelDisabled(_logger, entry.Name, reason);
                entry.SetDisabled(reason);
                batcher.Dispose();
                model.Dispose();
                continue;
            }

            batcher.SetBatchCap(_pressureCap);
            batcher.Start();
            entry.SetReady(batcher);
            InferenceLog.ModelReady(_logger, entry.Name, model.Provider, model.Signature.Input.Name, model.Signature.Input.ShapeText,
                model.Signature.MaxBatchSize, entry.Options.MaxQueueDelay.TotalMilliseconds, entry.Options.AdaptiveDelay ? " at most (adaptive)" : "",
                _time.GetElapsedTime(started).TotalMilliseconds);
        }

        _loaded = true;
    }

    /// <summary>Records a finished request's figures in the meter (the batcher keeps its own for the snapshot).</summary>
    public void RecordMeter(double latencyMs, int batchSize)
    {
        _latency.Record(latencyMs);
        _batchSize.Record(batchSize);
    }

    public void SetPressureBatchLimit(int? maxBatchSize)
    {
        int? cap = maxBatchSize is { } m ? Math.Max(1, m) : null;
        _pressureCap = cap;
        InferenceLog.PressureBatchLimit(_logger, cap?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "lifted");
        foreach (ModelEntry entry in _models.Values)
        {
            entry.Batcher?.SetBatchCap(cap);
        }
    }

    public void Contribute(ResourceMetricsDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        _windowLatencies.Clear();
        double busy = 0;
        double rate = 0;
        int depth = 0;
        foreach (ModelEntry entry in _models.Values)
        {
            if (entry.Batcher is not { } batcher)
            {
                continue;
            }

            (double fraction, double perSecond) = batcher.Statistics.TakeWindow(_windowLatencies);
            busy = Math.Max(busy, fraction);
            rate += perSecond;
            depth += batcher.QueueDepth;
        }

        draft.Accelerator = new AcceleratorMetrics(
            busy * 100, depth, rate, _windowLatencies.Percentile(0.50), _windowLatencies.Percentile(0.95), _windowLatencies.Percentile(0.99));
    }

    public void Dispose()
    {
        // DI disposes this once per interface it is registered under.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (ModelEntry entry in _models.Values)
        {
            if (entry.Batcher is { } batcher)
            {
                batcher.Dispose();
                batcher.Model.Dispose();
            }
        }

        _meter.Dispose();
    }

    /// <summary>
    /// After a model's arena shrink: the pool's free buffers go, then the malloc arenas' free pages (where the shrunk
    /// arena's regions went), unless a request is in flight (whose batch would want them back at once).
    /// </summary>
    private void HandBackIdleMemory()
    {
        if (!IsActive)
        {
            _pool.Trim(0);
            Malloc.TryTrim();
        }
    }

    private void Activity(int delta)
    {
        lock (_activityGate)
        {
            int before = _inFlight;
            _inFlight += delta;
            Debug.Assert(_inFlight >= 0, "more requests ended than began");
            if ((before == 0) != (_inFlight == 0))
            {
                ActivityChanged?.Invoke(_inFlight > 0);
            }
        }
    }
}
