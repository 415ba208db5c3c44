using PiTune.Inference.Models;

namespace PiTune.Inference.Tests.Support;

/// <summary>The bundled classifier and configurations around it.</summary>
internal static class TestModels
{
    public const int ItemElements = 3 * 48 * 192;

    public static string ClassifierPath { get; } = Path.Join(AppContext.BaseDirectory, "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    public static ModelOptions Classifier(string name = "cls", int maxBatch = 8, TimeSpan? delay = null, int queue = 64, int warmup = 0) => new()
    {
        Name = name,
        Path = ClassifierPath,
        MaxBatchSize = maxBatch,
        MaxQueueDelay = delay ?? TimeSpan.FromMilliseconds(2),
        MaxQueueSize = queue,
        IntraOpThreads = 1,
        WarmupRuns = warmup,
        InputShape = [3, 48, 192],
    };
}
