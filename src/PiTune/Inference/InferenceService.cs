using Microsoft.Extensions.Hosting;
using PiTune.Inference;

namespace PiTune.Inference;

/// <summary>Loads and warms the models at start, off the start-up path, so the API can say "loading" meanwhile.</summary>
internal sealed class InferenceService(InferenceEngine engine) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => engine.LoadAll(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
