using Microsoft.Extensions.Logging;
using PiTune.Inference.Batching;
using PiTune.Inference.Hailo;
using PiTune.Inference.Models;

namespace PiTune.Inference.Backends;

/// <summary>Starts a batcher on a loaded model (warm-up included); null with the reason when it cannot serve.</summary>
internal delegate ModelBatcher? BatcherStarter(ModelEntry entry, IModelBackend model, ModelOptions options, out string? error);

/// <summary>Loads an ONNX model (the fallback); null with the reason.</summary>
internal delegate IModelBackend? OnnxLoader(ModelOptions options, out string? error);

/// <summary>
/// The HailoRT models: each is put on the chip, or, when the chip cannot be used, marked unavailable with the reason
/// (said once, and again only when it changes) and tried again with back-off on the <see cref="TimeProvider"/>'s timers,
/// its ONNX fallback serving under its name meanwhile. When a try succeeds the chip takes over from the fallback. A model
/// whose network the chip can no longer run (<see cref="HailoNetwork.Broken"/>: the chip gone, reset, its driver
/// unloaded) goes the same way: unavailable at once, and configured afresh by the tries; every other model on the chip
/// comes off with it, as they share the device that failed, which the tries can open afresh only once the last network
/// on it is released.
/// </summary>
internal sealed class ChipModels : IDisposable
{
    private readonly HailoOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BatcherStarter _start;
    private readonly OnnxLoader _loadOnnx;
    private readonly Lock _gate = new();

    // Serialises the tries and the releases of lost batchers before them; taken before _gate, and what joins a lost
    // batcher's worker holds it instead of _gate (that worker may be waiting for _gate in OnBroken).
    private readonly Lock _tries = new();
    private readonly List<ChipSlot> _slots = [];
    private bool _stopped;

    public ChipModels(HailoOptions options, TimeProvider time, ILogger logger, BatcherStarter start, OnnxLoader loadOnnx)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _start = start;
        _loadOnnx = loadOnnx;
        Runtime = new HailoRuntime(options);
    }

    public HailoRuntime Runtime { get; }

    /// <summary>Tries <paramref name="entry"/> on the chip now; what happens next is in its state.</summary>
    public void Add(ModelEntry entry)
    {
        var slot = new ChipSlot(entry);
        lock (_tries)
        {
            ReleaseLost();
            lock (_gate)
            {
                _slots.Add(slot);
                Try(slot);
            }
        }
    }

    /// <summary>
    /// Stops the retries; a try under way finishes first. The batchers the entries hold are the engine's to dispose; a
    /// lost one (no entry's any more) is disposed here and its model released.
    /// </summary>
    public void Stop()
    {
        lock (_tries)
        {
            lock (_gate)
            {
                _stopped = true;
                foreach (ChipSlot slot in _slots)
                {
                    slot.Timer?.Dispose();
                    slot.Timer = null;
                }
            }

            ReleaseLost(); // none is lost after _stopped: OnBroken does nothing then
        }
    }

    public void Dispose()
    {
        Stop();
        Runtime.Dispose();
    }

    private void Retry(ChipSlot slot)
    {
        // On a timer thread: an exception here would end the process.
        try
        {
            lock (_tries)
            {
                // Every lost network off the chip before any is configured afresh: the device closes with its last
                // network, so a reset chip is opened anew.
                ReleaseLost();
                lock (_gate)
                {
                    if (!_stopped)
                    {
                        Try(slot);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            InferenceLog.ChipRetryFailed(_logger, slot.Entry.Name, ex);
        }
    }

    private void Try(ChipSlot slot)
    {
        ModelEntry entry = slot.Entry;
        HailoModel? model = Runtime.TryConfigure(entry.Options, out ChipFailure? failure);
        if (model is not null)
        {
            model.WhenBroken = reason => OnBroken(slot, model, reason);
            ModelBatcher? batcher = _start(entry, model, entry.Options, out string? error);
            if (batcher is not null)
            {
                OnChip(slot, batcher);
                return;
            }

            // A model that ran on the chip before has a file the chip takes: its warm-up failing is the chip's doing.
            Runtime.Release(model);
            failure = new ChipFailure(error ?? "unknown", Retry: slot.Served);
        }

        Unavailable(slot, failure!, lost: false);
    }

    /// <summary>
    /// The model's network can no longer run: the model is unavailable (or on its fallback) at once and tried again
    /// with back-off, and so is every other model on the chip, whose networks are on the same device and idle ones
    /// would never find out. Called once per network, on its batcher's worker thread, which waits here before the
    /// failed batch's requests are answered; the batchers taken off are disposed by the next try, never here (a
    /// batcher's Dispose joins its worker: this thread, or one that may be waiting here for the gate).
    /// </summary>
    private void OnBroken(ChipSlot slot, HailoModel model, string reason)
    {
        // On a worker thread: an exception here would stop it.
        try
        {
            lock (_gate)
            {
                if (_stopped || slot.OnChip is not { } batcher || !ReferenceEquals(batcher.Model, model))
                {
                    return;
                }

                TakeOff(slot, batcher, reason);
                foreach (ChipSlot other in _slots)
                {
                    if (other.OnChip is { } onChip)
                    {
                        TakeOff(other, onChip, $"the Hailo chip failed under model {slot.Entry.Name}: {reason}");
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            InferenceLog.ChipRetryFailed(_logger, slot.Entry.Name, ex);
        }
    }

    /// <summary>
    /// The model is not on the chip: the next try armed (when one can help), its fallback started if it has one, the
    /// entry's view replaced, and the reason said when it is new. Under the gate.
    /// </summary>
    private void Unavailable(ChipSlot slot, ChipFailure failure, bool lost)
    {
        ModelEntry entry = slot.Entry;
        slot.Failures++;
        DateTimeOffset? retryAt = null;
        if (failure.Retry)
        {
            TimeSpan delay = ChipRetryPolicy.Delay(_options.RetryInitial, _options.RetryMax, slot.Failures);
            retryAt = _time.GetUtcNow() + delay;
            slot.Timer ??= _time.CreateTimer(s => Retry((ChipSlot)s!), slot, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            slot.Timer.Change(delay, Timeout.InfiniteTimeSpan);
        }

        bool firstFailure = slot.LastReason is null;
        if (slot.Fallback is null && !slot.FallbackFailed && entry.Options.Fallback is { } fallbackPath)
        {
            slot.Fallback = StartFallback(entry, fallbackPath);
            slot.FallbackFailed = slot.Fallback is null;
        }

        if (!failure.Retry && slot.Fallback is null)
        {
            entry.SetDisabled(failure.Reason);
        }
        else
        {
            entry.SetUnavailable(failure.Reason, slot.Fallback, retryAt);
        }

        if (!failure.Retry && slot.Fallback is null)
        {
            InferenceLog.ModelDisabled(_logger, entry.Name, failure.Reason);
            slot.LastReason = failure.Reason;
        }
        else if (failure.Reason != slot.LastReason)
        {
            string next = failure.Retry
                ? $"trying again in {Seconds(retryAt!.Value - _time.GetUtcNow())} s, then at most every {Seconds(_options.RetryMax)} s; said again only if the reason changes"
                : "the chip is not tried again for it until the file is replaced and PiTune restarted";
            string serving = slot.Fallback is not null ? $"; the ONNX fallback {entry.Options.Fallback} serves as {entry.Name} meanwhile" : "";
            if (lost)
            {
                InferenceLog.ChipLost(_logger, entry.Name, failure.Reason, next, serving);
            }
            else if (firstFailure)
            {
                InferenceLog.ChipUnavailable(_logger, entry.Name, failure.Reason, next, serving);
            }
            else
            {
                InferenceLog.ChipStillUnavailable(_logger, entry.Name, failure.Reason, next, serving);
            }

            slot.LastReason = failure.Reason;
        }
    }

    private void OnChip(ChipSlot slot, ModelBatcher batcher)
    {
        ModelBatcher? fallback = slot.Fallback;
        slot.Fallback = null;
        slot.OnChip = batcher;
        slot.Served = true;
        slot.Entry.SetReady(batcher);
        if (slot.LastReason is not null)
        {
            InferenceLog.ChipTookOver(_logger, slot.Entry.Name, batcher.Model.Provider, slot.Failures,
                fallback is not null ? "; the ONNX fallback stops (requests queued on it are answered 503, Retry-After 1)" : "");
        }

        slot.Failures = 0;
        slot.LastReason = null;
        slot.Timer?.Dispose();
        slot.Timer = null;
        if (fallback is not null)
        {
            fallback.Dispose();
            fallback.Model.Dispose();
        }
    }

    /// <summary>The model's batcher comes off the chip, parked for the next try to dispose. Under the gate.</summary>
    private void TakeOff(ChipSlot slot, ModelBatcher batcher, string reason)
    {
        slot.OnChip = null;
        slot.Lost = batcher;
        Unavailable(slot, new ChipFailure(reason, Retry: true), lost: true);
    }

    /// <summary>
    /// Disposes the batchers of networks the chip could no longer run, every slot's, and releases their models (the
    /// device closes with the last). Under <see cref="_tries"/>, outside the gate: a lost batcher's worker may be
    /// waiting for the gate in <see cref="OnBroken"/>, and Dispose joins it.
    /// </summary>
    private void ReleaseLost()
    {
        List<ModelBatcher> lost = [];
        lock (_gate)
        {
            foreach (ChipSlot slot in _slots)
            {
                if (slot.Lost is { } batcher)
                {
                    slot.Lost = null;
                    lost.Add(batcher);
                }
            }
        }

        foreach (ModelBatcher batcher in lost)
        {
            batcher.Dispose(); // requests still queued on it are answered 503
            Runtime.Release((HailoModel)batcher.Model);
        }
    }

    private ModelBatcher? StartFallback(ModelEntry entry, string path)
    {
        ModelOptions options = entry.Options.AsFallback(path);
        IModelBackend? model = _loadOnnx(options, out string? error);
        ModelBatcher? batcher = model is null ? null : _start(entry, model, options, out error);
        if (batcher is null)
        {
            model?.Dispose();
            InferenceLog.FallbackFailed(_logger, entry.Name, path, error ?? "unknown");
        }

        return batcher;
    }

    private static long Seconds(TimeSpan span) => Math.Max(0, (long)Math.Ceiling(span.TotalSeconds));
}
