using Microsoft.Extensions.Logging;
using PiTune.Inference.Batching;
using PiTune.Inference.Hailo;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Backends;

/// <summary>
/// Runs one batch on the chip: each request's rows are copied into one pooled input buffer (frames one after the
/// other), <see cref="HailoNetwork.Run"/> writes them frame by frame while its reader threads fill one pooled buffer
/// per output, and the outputs are split per request as ONNX Runtime's are. The parser has already checked every
/// request's datatype and size, so no request's content can fail the chip's run: a failure is the chip's (a timeout,
/// the device gone) and fails the batch's requests with its reason. Used only from the model's worker thread.
/// </summary>
internal sealed class HailoBatchRunner : IBatchRunner
{
    private readonly HailoModel _model;
    private readonly ModelSignature _signature;
    private readonly BufferPool _pool;
    private readonly ModelStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BatchResults _results;
    private readonly PooledBuffer?[] _outputBuffers;
    private readonly nint[] _outputPointers;
    private readonly long _outputItemBytes;
    private readonly List<InferenceRequest> _single = new(1);
    private string? _lastFailure;

    public HailoBatchRunner(HailoModel model, BufferPool pool, ModelStatistics statistics, TimeProvider time, ILogger logger)
    {
        _model = model;
        _signature = model.Signature;
        _pool = pool;
        _statistics = statistics;
        _time = time;
        _logger = logger;
        _results = new BatchResults(pool, statistics, time);
        _outputBuffers = new PooledBuffer?[_signature.Outputs.Length];
        _outputPointers = new nint[_signature.Outputs.Length];
        _outputItemBytes = _signature.Outputs.Sum(o => o.ItemBytes);
    }

    public void Run(List<InferenceRequest> batch)
    {
        if (TryRun(batch, record: true) is not { } failure)
        {
            if (_lastFailure is not null)
            {
                InferenceLog.ChipRunsAgain(_logger, _model.Name);
                _lastFailure = null;
            }

            return;
        }

        // A network whose vstreams could not be made again fails every later batch the same way, until it is configured
        // afresh: ChipModels takes the model off the chip and says so, before these requests are answered (a client
        // that tries again finds the model unavailable, or its fallback).
        string? broken = _model.Network.Broken;
        string reason = broken ?? failure.Message;
        if (broken is not null)
        {
            _model.ReportBroken(broken);
        }
        else if (reason != _lastFailure)
        {
            // Said once per kind of failure, not per batch: a chip that times out does so for every batch.
            InferenceLog.ChipBatchFailed(_logger, _model.Name, batch.Sum(r => r.Rows), reason);
            _lastFailure = reason;
        }

        foreach (InferenceRequest r in batch)
        {
            _results.Complete(r, InferenceResult.Of(RequestStatus.Failed, "the Hailo chip failed the batch: " + reason));
        }
    }

    public Exception? TryWarm(int rows)
    {
        if (_pool.TryRent(rows * _signature.Input.ItemBytes, out PooledBuffer? input) != RentStatus.Ok)
        {
            return new InvalidOperationException($"the buffer pool cannot hold a run of {rows} frames of zeros");
        }

        input!.Bytes.Clear();
        var request = new InferenceRequest(input, rows, DateTimeOffset.MaxValue);
        request.TryStart();
        _single.Clear();
        _single.Add(request);
        HailoException? failure = TryRun(_single, record: false);
        _pool.Return(input);
        if (request.Completion.IsCompletedSuccessfully && request.Completion.Result.Output is { } output)
        {
            _pool.Return(output);
        }

        return failure;
    }

    /// <summary>HailoRT keeps no per-batch memory to hand back; the batcher's idle hand-back trims the pool.</summary>
    public Exception? Shrink() => null;

    public void Dispose()
    {
    }

    private HailoException? TryRun(List<InferenceRequest> requests, bool record)
    {
        int rows = BatchResults.RowsOf(requests);
        PooledBuffer? input = null;
        try
        {
            if (!_results.TryGather(requests, rows, _signature.Input.ItemBytes, _outputBuffers, _signature.Outputs, out input))
            {
                return null;
            }

            for (int o = 0; o < _outputBuffers.Length; o++)
            {
                _outputPointers[o] = _outputBuffers[o]!.Pointer;
            }

            long started = _time.GetTimestamp();
            _model.Network.Run(input!.Pointer, rows, _outputPointers);
            if (record)
            {
                _statistics.RecordBatch(rows, _time.GetElapsedTime(started));
            }

            _results.Split(requests, rows, _outputBuffers, _signature.Outputs, _outputItemBytes);
            return null;
        }
        catch (HailoException ex)
        {
            return ex;
        }
        finally
        {
            _results.ReturnBuffers(input, _outputBuffers);
            Array.Clear(_outputPointers);
        }
    }
}
