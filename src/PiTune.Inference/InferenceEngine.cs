using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using PiTune.Core.Inference;
using PiTune.Core.Metrics;
using PiTune.Core.Units;
using PiTune.Inference.Backends;
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
    private ChipModels? _chips;
    private long _lastContribute;
    private Dictionary<HailoModel, long> _framesSeen = [];
    private Dictionary<HailoModel, long> _framesNow = [];
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
        BatcherStarter start = StartBatcher;
        foreach (ModelEntry entry in _models.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.Options.ResolveBackend() == ModelBackend.Hailo)
            {
                _chips ??= new ChipModels(_options.Hailo, _time, _logger, start, LoadOnnx);
                _chips.Add(entry);
                continue;
            }

            LoadedModel? model = loader.TryLoad(entry.Options, providers, _options.GraphOptimization, out string? error);
            ModelBatcher? batcher = model is null ? null : start(entry, model, entry.Options, out error);
            if (batcher is null)
            {
                InferenceLog.ModelDisabled(_logger, entry.Name, error ?? "unknown");
                entry.SetDisabled(error ?? "unknown");
                continue;
            }

            entry.SetReady(batcher);
        }

        _loaded = true;

        IModelBackend? LoadOnnx(ModelOptions options, out string? error) =>
            loader.TryLoad(options, providers, _options.GraphOptimization, out error);
    }

    /// <summary>
    /// A batcher on <paramref name="model"/>, warmed up and started; null with the reason when the warm-up failed (the
    /// model is then disposed).
    /// </summary>
    private ModelBatcher? StartBatcher(ModelEntry entry, IModelBackend model, ModelOptions options, out string? error)
    {
        var batcher = new ModelBatcher(model, options, _pool, _time, _logger, Activity, _workerStart, _batchTiming, HandBackIdleMemory);
        long started = _time.GetTimestamp();
        Exception? warmFailure = null;
        for (int i = 0; i < options.WarmupRuns && warmFailure is null; i++)
        {
            warmFailure = batcher.Runner.TryWarm(model.Signature.MaxBatchSize);
        }

        // The full-batch warm-up leaves the arena at its peak (~40 MB for the bundled classifier) and the pool with
        // its buffers; an idle model should not keep them. A refusal is said by the batcher's first idle shrink.
        if (warmFailure is null && options.ArenaShrinkAfterIdle > TimeSpan.Zero && options.WarmupRuns > 0 && batcher.Runner.Shrink() is null)
        {
            HandBackIdleMemory();
        }

        if (warmFailure is not null)
        {
            error = $"warm-up failed: {ExecutionProviderCatalog.OneLine(warmFailure.Message)}";
            batcher.Dispose();
            if (model is not HailoModel)
            {
                // A chip model is released by ChipModels, which closes the device with its last model.
                model.Dispose();
            }

            return null;
        }

        batcher.SetBatchCap(_pressureCap);
        batcher.Start();
        error = null;
        ModelSignature s = model.Signature;
        double warmupMs = _time.GetElapsedTime(started).TotalMilliseconds;
        if (model is HailoModel)
        {
            InferenceLog.ChipModelReady(_logger, entry.Name, model.Provider, HailoRuntime.LibraryText ?? "HailoRT", s.Input.Name, s.Input.ShapeText,
                s.Input.DataType.KServeName(), string.Join(", ", s.Outputs.Select(o => $"{o.Name} [N,{o.ShapeText}] {o.DataType.KServeName()}")),
                s.MaxBatchSize, warmupMs);
        }
        else
        {
            InferenceLog.ModelReady(_logger, entry.Name, model.Provider, s.Input.Name, s.Input.ShapeText, s.MaxBatchSize,
                options.MaxQueueDelay.TotalMilliseconds, options.AdaptiveDelay ? " at most (adaptive)" : "", warmupMs);
        }

        return batcher;
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
        double chipBusy = 0;
        long frames = 0;
        int inFlight = 0;
        int chipModels = 0;
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
            if (batcher.Model is HailoModel chip)
            {
                // The scheduler time-shares the chip: its models' busy shares add up.
                chipBusy += fraction;
                long done = chip.Network.FramesDone;
                frames += done - _framesSeen.GetValueOrDefault(chip);
                _framesNow[chip] = done;
                inFlight += chip.Network.FramesInFlight;
                chipModels++;
            }
        }

        // Only the networks still serving are remembered (a model that moved off the chip leaves no entry behind).
        (_framesSeen, _framesNow) = (_framesNow, _framesSeen);
        _framesNow.Clear();
        long now = _time.GetTimestamp();
        double seconds = _lastContribute == 0 ? 0 : _time.GetElapsedTime(_lastContribute, now).TotalSeconds;
        _lastContribute = now;
        ChipMetrics? chipMetrics = null;
        if (_chips?.Runtime.TryReadChip() is { } reading)
        {
            chipMetrics = new ChipMetrics(HailoRuntime.ArchitectureName(reading.Architecture), Plausible(reading.Ts0Celsius), Plausible(reading.Ts1Celsius),
                seconds > 0 ? frames / seconds : 0, inFlight, Math.Min(1, chipBusy) * 100, chipModels);
        }

        draft.Accelerator = new AcceleratorMetrics(
            busy * 100, depth, rate, _windowLatencies.Percentile(0.50), _windowLatencies.Percentile(0.95), _windowLatencies.Percentile(0.99))
        {
            Chip = chipMetrics,
        };
    }

    /// <summary>A sensor reading, or null when it cannot be a temperature (a failed read or an uncalibrated sensor).</summary>
    private static Celsius? Plausible(float celsius) => float.IsFinite(celsius) && celsius is > -60 and < 200 ? new Celsius(celsius) : null;

    public void Dispose()
    {
        // DI disposes this once per interface it is registered under.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _chips?.Stop();
        foreach (ModelEntry entry in _models.Values)
        {
            if (entry.Batcher is { } batcher)
            {
                batcher.Dispose();
                if (batcher.Model is HailoModel chipModel && _chips is not null)
                {
                    _chips.Runtime.Release(chipModel);
                }
                else
                {
                    batcher.Model.Dispose();
                }
            }
        }

        _chips?.Dispose();
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
