using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using PiTune.Inference.Providers;

namespace PiTune.Inference.Models;

/// <summary>
/// Creates a model's session on the most preferred provider that accepts it (CPU last), then checks
/// its signature against the configuration. Failures are values: the model is disabled with the
/// reason, the daemon goes on.
/// </summary>
/// <param name="sharedArena">Sessions use the arena registered by <see cref="SharedArena"/> instead of one each.</param>
internal sealed class ModelLoader(ILogger logger, bool sharedArena = false)
{
    /// <summary>Where relative model paths are resolved: the directory of the pitune binary.</summary>
    public static string BaseDirectory => AppContext.BaseDirectory;

    public static string ResolvePath(string path) => Path.GetFullPath(path, BaseDirectory);

    /// <summary>The session configuration entries (ONNX Runtime's string keys) a model's session is created with.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SessionConfigEntries(ModelOptions model, bool sharedArena)
    {
        ArgumentNullException.ThrowIfNull(model);
        List<KeyValuePair<string, string>> entries = [new("session.intra_op.allow_spinning", model.AllowSpinning ? "1" : "0")];
        if (sharedArena)
        {
            entries.Add(new("session.use_env_allocators", "1"));
        }

        return entries;
    }

    public static SessionOptions CreateSessionOptions(ModelOptions model, GraphOptimization optimization, bool sharedArena = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = new SessionOptions
        {
            GraphOptimizationLevel = optimization switch
            {
                GraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableMemoryPattern = model.MemoryPattern,
            IntraOpNumThreads = model.ResolveIntraOpThreads(),
        };
        foreach ((string key, string value) in SessionConfigEntries(model, sharedArena))
        {
            options.AddSessionConfigEntry(key, value);
        }

        return options;
    }

    public LoadedModel? TryLoad(ModelOptions model, IReadOnlyList<ProviderCandidate> providers, GraphOptimization optimization, out string? error)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(providers);
        string path = ResolvePath(model.Path);
        if (!File.Exists(path))
        {
            error = $"model file {path} does not exist (Path \"{model.Path}\"; relative paths are resolved against {BaseDirectory})";
            return null;
        }

        error = null;
        foreach (ProviderCandidate provider in providers)
        {
            InferenceSession? session = null;
            try
            {
                using SessionOptions options = CreateSessionOptions(model, optimization, sharedArena);
                provider.Append(options);
                session = new InferenceSession(path, options);
            }
            catch (OnnxRuntimeException ex)
            {
                string reason = ExecutionProviderCatalog.OneLine(ex.Message);
                if (provider.IsCpu)
                {
                    error = $"ONNX Runtime cannot load {path}: {reason}";
                    return null;
                }

                InferenceLog.ProviderSessionFailed(logger, model.Name, provider.Name, reason);
                continue;
            }

            ModelSignature? signature = ModelSignature.TryRead(session, model, out error);
            if (signature is null)
            {
                session.Dispose();
                error = $"{path}: {error}";
                return null;
            }

            return new LoadedModel(model.Name, path, session, signature, provider.Name);
        }

        error = "no execution provider could load it";
        return null;
    }
}
