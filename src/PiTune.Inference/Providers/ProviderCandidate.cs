using Microsoft.ML.OnnxRuntime;

namespace PiTune.Inference.Providers;

/// <summary>A provider that loaded: its name, and how to add it to a session's options (nothing for CPU, ONNX Runtime's default).</summary>
internal sealed record ProviderCandidate(string Name, Action<SessionOptions> Append)
{
    public const string CpuName = "CPU";

    public static ProviderCandidate Cpu { get; } = new(CpuName, _ => { });

    public bool IsCpu => ReferenceEquals(this, Cpu);
}
