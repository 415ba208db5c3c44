using Microsoft.ML.OnnxRuntime;

namespace PiTune.Inference.Models;

/// <summary>
/// The CPU arena every session shares (<c>session.use_env_allocators</c>) when <see cref="InferenceOptions.ArenaExtendStrategy"/>
/// is <see cref="ArenaExtendStrategy.SameAsRequested"/>: ONNX Runtime's C API takes an extend strategy only for an
/// allocator registered with its environment, which is one per process.
/// </summary>
internal static class SharedArena
{
    /// <summary>Registers the arena with ONNX Runtime's environment; registered already (by an earlier engine in this process) is fine.</summary>
    /// <returns>Null, or why ONNX Runtime refused it (the sessions then keep an arena each).</returns>
    public static string? TryRegister(ArenaExtendStrategy strategy)
    {
        try
        {
            using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);

            // 0 and -1: ONNX Runtime's defaults for the size cap, the first region and the dead bytes a chunk may hold.
            using var config = new OrtArenaCfg(0, (int)strategy, -1, -1);
            OrtEnv.Instance().CreateAndRegisterAllocator(memory, config);
            return null;
        }
        catch (OnnxRuntimeException ex) when (ex.Message.Contains("already", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        catch (OnnxRuntimeException ex)
        {
            return Providers.ExecutionProviderCatalog.OneLine(ex.Message);
        }
    }
}
