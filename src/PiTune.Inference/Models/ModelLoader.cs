using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using PiTune.Inference.Providers;

namespace PiTune.Inference.Models;

/// <summary>
/// Creates a model's session on the most preferred provider that accepts it (CPU last), then checks
/// its signature against the configuration. Failures are values: the model is disabled with the
/// reason, the daemon goes on.
/// </summary>
internal sealed class ModelLoader(ILogger logger)
{
    /// <summary>Where relative model paths are resolved: the directory of the pitune binary.</summary>
    public static string BaseDirectory => AppContext.BaseDirectory;

    public static string ResolvePath(string path) => Path.GetFullPath(path, BaseDirectory);

    public static SessionOptions CreateSessionOptions(ModelOptions model, GraphOptimization optimization)
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
            IntraOpNumThreads = model.IntraOpThreads,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", model.AllowSpinning ? "1" : "0");
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
                using SessionOptions options = CreateSessionOptions(model, optimization);
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
