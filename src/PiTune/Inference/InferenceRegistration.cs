using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Api;
using PiTune.Core.Inference;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Pool;
using PiTune.Hosting;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Inference;

/// <summary>The inference job: buffer pool, models and batchers, and the local API that serves them.</summary>
internal static class InferenceRegistration
{
    /// <param name="configuration">
    /// Read once here: the activity signal and the batch limiter are offered to the governor and memory jobs only
    /// when models are configured, so without inference the governor judges activity from CPU usage instead.
    /// </param>
    public static IServiceCollection AddInferenceJob(this IServiceCollection services, IConfiguration configuration)
    {
        bool serving = configuration.GetValue(InferenceOptions.SectionName + ":Enabled", true)
            && configuration.GetSection(InferenceOptions.SectionName + ":Models").GetChildren().Any();
        services.AddMetrics();
        services.AddSingleton(sp =>
        {
            BufferPoolOptions options = sp.GetRequiredService<IOptionsMonitor<BufferPoolOptions>>().CurrentValue;
            ReadResult<MemInfo> mem = sp.GetRequiredService<IMachine>().MemInfo.Read();
            long? total = mem.IsOk ? mem.Value.TotalBytes : null;
            long budget = options.BudgetBytes(total);
            InferenceLog.PoolBudget(sp.GetRequiredService<ILogger<BufferPool>>(), budget >> 20, options.MaxSizeMB, options.MaxMemoryFraction,
                total is { } t ? (t >> 20).ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown");
            return new BufferPool(budget);
        });
        services.AddSingleton<IBufferPoolControl>(sp => sp.GetRequiredService<BufferPool>());
        services.AddSingleton<IMetricsContributor>(sp => sp.GetRequiredService<BufferPool>());

        // Latencies, deadlines, the queue delay, warm-up and busy time are a person's and a client's: real time, even
        // when the machine's clock (the container's TimeProvider) runs faster under --simulate --sim-speed.
        services.AddSingleton(sp => sp.GetRequiredService<RunContext>().Wall);
        services.AddSingleton(sp => new InferenceEngine(
            sp.GetRequiredService<IOptionsMonitor<InferenceOptions>>().CurrentValue,
            sp.GetRequiredService<BufferPool>(),
            sp.GetRequiredService<WallClock>(),
            sp.GetRequiredService<ILogger<InferenceEngine>>(),
            sp.GetRequiredService<IMeterFactory>(),
            // Each model's worker thread takes the inference threads' nice, policy and CPUs (Priority section).
            sp.GetService<IInferenceThreadSetup>() is { } setup ? () => setup.ApplyToCurrentThread() : null));
        if (serving)
        {
            services.AddSingleton<IInferenceActivity>(sp => sp.GetRequiredService<InferenceEngine>());
            services.AddSingleton<IBatchSizeLimiter>(sp => sp.GetRequiredService<InferenceEngine>());
        }

        services.AddSingleton<IMetricsContributor>(sp => sp.GetRequiredService<InferenceEngine>());
        services.AddHostedService<InferenceService>();
        services.AddSingleton<ApiService>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiService>());
        return services;
    }
}
