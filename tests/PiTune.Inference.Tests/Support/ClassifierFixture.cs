using PiTune.Inference.Models;
using PiTune.Inference.Providers;

namespace PiTune.Inference.Tests.Support;

/// <summary>One CPU session of the bundled classifier shared by a test class (sessions are thread-safe).</summary>
public sealed class ClassifierFixture : IDisposable
{
    internal LoadedModel Model { get; } = new ModelLoader(new ListLogger())
        .TryLoad(TestModels.Classifier(maxBatch: 32), [ProviderCandidate.Cpu], GraphOptimization.All, out _)
        ?? throw new InvalidOperationException("the bundled classifier did not load");

    /// <summary>The same session with a signature for another batch size.</summary>
    internal LoadedModel WithMaxBatch(int maxBatch) => Model with { Signature = Model.Signature with { MaxBatchSize = maxBatch } };

    public void Dispose() => Model.Dispose();
}
