using Microsoft.ML.OnnxRuntime;

namespace PiTune.Inference.Models;

/// <summary>A model whose session was created, checked and warmed up.</summary>
internal sealed record LoadedModel(string Name, string Path, InferenceSession Session, ModelSignature Signature, string Provider) : IDisposable
{
    public void Dispose() => Session.Dispose();
}
