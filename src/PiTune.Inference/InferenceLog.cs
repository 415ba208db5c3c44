using Microsoft.Extensions.Logging;

namespace PiTune.Inference;

/// <summary>Inference log lines (models, providers, batcher, pool); event ids 3000–3099.</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Model {Model} ready on {Provider}: input {Input} [N,{ItemShape}] float32, batch up to {MaxBatchSize}, queue delay {MaxQueueDelayMs} ms{DelayKind}, warm-up {WarmupMs:F1} ms")]
    public static partial void ModelReady(ILogger logger, string model, string provider, string input, string itemShape, int maxBatchSize, double maxQueueDelayMs, string delayKind, double warmupMs);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Model {Model} disabled: {Reason}")]
    public static partial void ModelDisabled(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Execution provider {Provider} unavailable, falling back to the next: {Reason}")]
    public static partial void ProviderUnavailable(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Model {Model}: execution provider {Provider} could not create a session, falling back to the next: {Reason}")]
    public static partial void ProviderSessionFailed(ILogger logger, string model, string provider, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "Plugin execution provider library {Library} registered as {Provider}: {Devices}")]
    public static partial void PluginRegistered(ILogger logger, string library, string provider, string devices);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "ONNX Runtime {Version}; built-in providers: {Providers}")]
    public static partial void Runtime(ILogger logger, string version, string providers);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Inference disabled (Inference:Enabled is false)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Model {Model}: a batch of {BatchSize} failed; running its {Requests} requests one by one")]
    public static partial void BatchFailed(ILogger logger, string model, int batchSize, int requests, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Model {Model}: a request failed on its own: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "Model {Model}: batch worker failed; the model stops serving")]
    public static partial void WorkerFailed(ILogger logger, string model, Exception exception);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Batch size cap under memory pressure: {Cap}")]
    public static partial void PressureBatchLimit(ILogger logger, string cap);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Debug, Message = "Model {Model}: no batch for {IdleSeconds} s; ONNX Runtime's arena shrunk")]
    public static partial void ArenaShrunk(ILogger logger, string model, double idleSeconds);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning,
        Message = "Model {Model}: ONNX Runtime refused to shrink its arena ({Reason}); the model serves on with its arena at its peak, no further shrinks")]
    public static partial void ArenaShrinkFailed(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "ONNX Runtime CPU arena shared by every model, extend strategy {Strategy}")]
    public static partial void SharedArena(ILogger logger, string strategy);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning,
        Message = "ONNX Runtime refused a shared CPU arena with extend strategy {Strategy} ({Reason}); each model keeps an arena of its own, grown by doubling")]
    public static partial void SharedArenaRefused(ILogger logger, string strategy, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information,
        Message = "Buffer pool budget {BudgetMB} MB (BufferPool:MaxSizeMB {MaxSizeMB}, at most {Fraction:P0} of MemTotal {MemTotalMB} MB)")]
    public static partial void PoolBudget(ILogger logger, long budgetMB, long maxSizeMB, double fraction, string memTotalMB);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Buffer pool pressure limit {Limit}; trimmed {FreedBytes} bytes")]
    public static partial void PoolPressureLimit(ILogger logger, string limit, long freedBytes);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "Model {Model}: the Hailo chip cannot be used: {Reason}; {Next}{Serving}")]
    public static partial void ChipUnavailable(ILogger logger, string model, string reason, string next, string serving);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Model {Model}: the Hailo chip still cannot be used, now: {Reason}; {Next}{Serving}")]
    public static partial void ChipStillUnavailable(ILogger logger, string model, string reason, string next, string serving);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Information, Message = "Model {Model} is on the Hailo chip now ({Provider}) after {Failures} failed tries{Fallback}")]
    public static partial void ChipTookOver(ILogger logger, string model, string provider, int failures, string fallback);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Error, Message = "Model {Model}: its ONNX fallback {Path} cannot serve either: {Reason}")]
    public static partial void FallbackFailed(ILogger logger, string model, string path, string reason);

    [LoggerMessage(EventId = 3034, Level = LogLevel.Error, Message = "Model {Model}: a try of the Hailo chip failed unexpectedly; no further tries")]
    public static partial void ChipRetryFailed(ILogger logger, string model, Exception exception);

    [LoggerMessage(EventId = 3035, Level = LogLevel.Error,
        Message = "Model {Model}: the Hailo chip failed a batch of {Frames} frames: {Reason}; its requests fail with that reason (said again only if it changes)")]
    public static partial void ChipBatchFailed(ILogger logger, string model, int frames, string reason);

    [LoggerMessage(EventId = 3036, Level = LogLevel.Information, Message = "Model {Model}: the Hailo chip runs batches again")]
    public static partial void ChipRunsAgain(ILogger logger, string model);

    [LoggerMessage(EventId = 3037, Level = LogLevel.Information,
        Message = "Model {Model} ready on {Provider} ({Library}): input {Input} [N,{ItemShape}] {DataType}, outputs {Outputs}, batch up to {MaxBatchSize}, warm-up {WarmupMs:F1} ms")]
    public static partial void ChipModelReady(ILogger logger, string model, string provider, string library, string input, string itemShape, string dataType, string outputs, int maxBatchSize, double warmupMs);

    [LoggerMessage(EventId = 3038, Level = LogLevel.Error,
        Message = "Model {Model}: the Hailo chip can no longer run it: {Reason}; the model is configured afresh, {Next}{Serving}")]
    public static partial void ChipLost(ILogger logger, string model, string reason, string next, string serving);
}
