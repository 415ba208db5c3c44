using Microsoft.Extensions.Logging;
using PiTune.Inference.Batching;
using PiTune.Inference.Hailo;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Backends;

/// <summary>A <c>.hef</c> configured on the Hailo chip: the HailoRT backend of one model.</summary>
internal sealed class HailoModel : IModelBackend
{
    private int _brokenReported;

    public HailoModel(string name, string path, HailoNetwork network, HailoArchitecture architecture, int maxBatchSize)
    {
        Name = name;
        Path = path;
        Network = network;
        Provider = "HailoRT " + HailoRuntime.ArchitectureName(architecture);
        Signature = new ModelSignature(Spec(network.Input), [.. network.Outputs.Select(Spec)], FixedBatch: null, maxBatchSize);
    }

    public string Name { get; }

    public string Path { get; }

    public HailoNetwork Network { get; }

    public ModelSignature Signature { get; }

    public string Provider { get; }

    public string Platform => "hailort_hef";

    public int MaxConcurrentBatches => 1;

    /// <summary>
    /// Told, once and on the batcher's worker thread, that the network can no longer run (<see cref="HailoNetwork.Broken"/>),
    /// with the reason. Set by <see cref="ChipModels"/> before the batcher starts.
    /// </summary>
    public Action<string>? WhenBroken { get; set; }

    /// <summary>Passes the network's breakage on to <see cref="WhenBroken"/> the first time; later calls do nothing.</summary>
    public void ReportBroken(string reason)
    {
        if (Interlocked.Exchange(ref _brokenReported, 1) == 0)
        {
            WhenBroken?.Invoke(reason);
        }
    }

    public IBatchRunner CreateRunner(BufferPool pool, ModelStatistics statistics, TimeProvider time, ILogger logger) =>
        new HailoBatchRunner(this, pool, statistics, time, logger);

    public void Dispose() => Network.Dispose();

    /// <summary>
    /// A vstream as a tensor: [height, width, features] of its user type, or, where the frame is not that product (NMS
    /// outputs, RGB4's padded rows), the frame's elements flat, so a request's bytes are always exactly its frames'.
    /// </summary>
    internal static TensorSpec Spec(HailoStreamInfo stream)
    {
        TensorDataType type = stream.Type switch
        {
            HailoFormatType.Uint8 => TensorDataType.Uint8,
            HailoFormatType.Uint16 => TensorDataType.Uint16,
            _ => TensorDataType.Fp32,
        };
        var shaped = new TensorSpec(stream.Name, [stream.Height, stream.Width, stream.Features], type);
        return shaped.ItemBytes == stream.FrameBytes ? shaped : new TensorSpec(stream.Name, [stream.FrameBytes / type.Size()], type);
    }
}
