using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PiTune.Inference.Backends;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Inference.Providers;

namespace PiTune.Inference.Batching;

/// <summary>
/// Runs one batch on a model's session: copies each request's rows into one pooled input tensor,
/// runs ONNX Runtime with pooled output tensors bound in place, and splits the outputs back into one
/// pooled buffer per request. A batch that fails is run again request by request, so one poisoned
/// request fails alone. Used only from the model's worker thread.
/// </summary>
internal sealed class BatchRunner : IBatchRunner
{
    private readonly LoadedModel _model;
    private readonly ModelSignature _signature;
    private readonly BufferPool _pool;
    private readonly ModelStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RunOptions _runOptions = new();
    private readonly RunOptions _shrinkOptions = ShrinkOptions();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputValues = new OrtValue[1];
    private readonly OrtValue[] _outputValues;
    private readonly PooledBuffer?[] _outputBuffers;
    private readonly Dictionary<int, long[][]> _shapes = [];
    private readonly long _outputItemBytes;
    private readonly List<InferenceRequest> _single = new(1);
    private readonly BatchResults _results;

    public BatchRunner(LoadedModel model, BufferPool pool, ModelStatistics statistics, TimeProvider time, ILogger logger)
    {
        _model = model;
        _signature = model.Signature;
        _pool = pool;
        _statistics = statistics;
        _time = time;
        _logger = logger;
        _inputNames = [_signature.Input.Name];
        _outputNames = [.. _signature.Outputs.Select(o => o.Name)];
        _outputValues = new OrtValue[_outputNames.Length];
        _outputBuffers = new PooledBuffer?[_outputNames.Length];
        _outputItemBytes = _signature.Outputs.Sum(o => o.ItemBytes);
        _results = new BatchResults(pool, statistics, time);
    }

    /// <summary>Bytes of output one item produces (every output, one after the other).</summary>
    public long OutputItemBytes => _outputItemBytes;

    public void Run(List<InferenceRequest> batch)
    {
        Exception? failure = TryRun(batch);
        if (failure is null)
        {
            return;
        }

        if (batch.Count == 1)
        {
            Complete(batch[0], InferenceResult.Of(RequestStatus.Failed, ExecutionProviderCatalog.OneLine(failure.Message)));
            return;
        }

        InferenceLog.BatchFailed(_logger, _model.Name, batch.Sum(r => r.Rows), batch.Count, failure);
        foreach (InferenceRequest request in batch)
        {
            _single.Clear();
            _single.Add(request);
            if (TryRun(_single) is { } alone)
            {
                InferenceLog.RequestFailed(_logger, _model.Name, ExecutionProviderCatalog.OneLine(alone.Message));
                Complete(request, InferenceResult.Of(RequestStatus.Failed, ExecutionProviderCatalog.OneLine(alone.Message)));
            }
        }
    }

    /// <summary>Runs <paramref name="rows"/> rows of zeros, as warm-up before the model reports ready.</summary>
    public Exception? TryWarm(int rows) => RunZeros(rows, _runOptions);

    /// <summary>
    /// Hands back what ONNX Runtime's CPU arena holds beyond a single-row run: the arena frees every region nothing
    /// uses at the end of a run with shrinkage on (there is no other call for it), so this runs one row of zeros.
    /// </summary>
    /// <returns>Null, or why ONNX Runtime refused (the model still serves).</returns>
    public Exception? Shrink() => RunZeros(1, _shrinkOptions);

    public void Dispose()
    {
        _runOptions.Dispose();
        _shrinkOptions.Dispose();
    }

    private static RunOptions ShrinkOptions()
    {
        var options = new RunOptions();
        options.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        return options;
    }

    private Exception? RunZeros(int rows, RunOptions runOptions)
    {
        if (_pool.TryRent(rows * _signature.Input.ItemBytes, out PooledBuffer? input) != RentStatus.Ok)
        {
            return new InvalidOperationException($"the buffer pool cannot hold a run of {rows} rows of zeros");
        }

        input!.Bytes.Clear();
        var request = new InferenceRequest(input, rows, DateTimeOffset.MaxValue);
        request.TryStart();
        _single.Clear();
        _single.Add(request);
        Exception? failure = TryRun(_single, runOptions, record: false);
        _pool.Return(input);
        if (request.Completion.IsCompletedSuccessfully && request.Completion.Result.Output is { } output)
        {
            _pool.Return(output);
        }

        return failure;
    }

    private OnnxRuntimeException? TryRun(List<InferenceRequest> requests, RunOptions? runOptions = null, bool record = true)
    {
        int rows = BatchResults.RowsOf(requests);
        int runRows = _signature.RunRows(rows);
        long[][] shapes = Shapes(runRows);
        PooledBuffer? input = null;
        try
        {
            if (!_results.TryGather(requests, runRows, _signature.Input.ItemBytes, _outputBuffers, _signature.Outputs, out input))
            {
                return null;
            }

            long started = _time.GetTimestamp();
            using (_inputValues[0] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shapes[0], input!.Pointer, input.Length))
            {
                for (int o = 0; o < _outputValues.Length; o++)
                {
                    PooledBuffer b = _outputBuffers[o]!;
                    _outputValues[o] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shapes[o + 1], b.Pointer, b.Length);
                }

                try
                {
                    _model.Session.Run(runOptions ?? _runOptions, _inputNames, _inputValues, _outputNames, _outputValues);
                }
                finally
                {
                    foreach (OrtValue v in _outputValues)
                    {
                        v.Dispose();
                    }
                }
            }

            TimeSpan runTime = _time.GetElapsedTime(started);
            if (record)
            {
                _statistics.RecordBatch(rows, runTime);
            }

            _results.Split(requests, rows, _outputBuffers, _signature.Outputs, _outputItemBytes);
            return null;
        }
        catch (OnnxRuntimeException ex)
        {
            return ex;
        }
        finally
        {
            _results.ReturnBuffers(input, _outputBuffers);
        }
    }

    private bool Complete(InferenceRequest request, InferenceResult result) => _results.Complete(request, result);

    /// <summary>Input shape then each output's shape for a run of <paramref name="runRows"/>, cached (a handful of batch sizes occur).</summary>
    private long[][] Shapes(int runRows)
    {
        if (!_shapes.TryGetValue(runRows, out long[][]? shapes))
        {
            shapes = [
                [runRows, .. _signature.Input.ItemShape.Select(d => (long)d)],
                .. _signature.Outputs.Select(o => (long[])[runRows, .. o.ItemShape.Select(d => (long)d)]),
            ];
            _shapes[runRows] = shapes;
        }

        return shapes;
    }
}
