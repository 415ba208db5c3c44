using Microsoft.Extensions.Hosting;
using PiTune.Inference;
using PiTune.Priority;

namespace PiTune.Inference;

/// <summary>
/// Loads and warms the models at start, off the start-up path, so the API can say "loading" meanwhile. The sessions are
/// created on a thread of its own name, so the pool threads ONNX Runtime starts for them carry that name (Linux copies
/// it into each new thread) and get the inference threads' scheduling once the models are loaded.
/// </summary>
internal sealed class InferenceService(InferenceEngine engine, InferenceThreadSetup? threads = null) : BackgroundService
{
    /// <summary>The loader thread's name, and so ONNX Runtime's pool threads' (15 bytes at most: the kernel's comm).</summary>
    public const string LoaderThreadName = "pitune-ortload";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loader = new Thread(() =>
        {
            try
            {
                engine.LoadAll(stoppingToken);
                threads?.AdoptThreadsNamed(LoaderThreadName);
                done.SetResult();
            }
            catch (OperationCanceledException)
            {
                done.SetCanceled(stoppingToken);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = LoaderThreadName };
        loader.Start();
        return done.Task;
    }
}
