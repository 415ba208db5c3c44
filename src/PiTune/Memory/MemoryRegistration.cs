using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Inference;
using PiTune.Core.Memory;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Pool;
using PiTune.Core.Tuning;
using PiTune.Linux.Files;
using PiTune.Linux.Memory;
using PiTune.Linux.Tuning;

namespace PiTune.Memory;

/// <summary>Registers the memory job: its kernel-aware validation, controller, loop and snapshot contribution.</summary>
internal static class MemoryRegistration
{
    public static IServiceCollection AddMemoryJob(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<MemoryOptions>, MemoryKernelValidator>();
        services.AddSingleton<MemoryContributor>();
        services.AddSingleton<IMetricsContributor>(sp => sp.GetRequiredService<MemoryContributor>());
        services.AddSingleton(sp =>
        {
            IMachine machine = sp.GetRequiredService<IMachine>();
            return new SwapSwitcher(
                SwapControlFor(machine.Root),
                sp.GetRequiredService<IOptionsMonitor<StateOptions>>().CurrentValue.Directory,
                machine.Root,
                sp.GetRequiredService<TimeProvider>());
        });

        // The pool and the batcher are optional: without them pressure is still tracked and reported.
        services.AddSingleton(sp => new MemoryController(
            sp.GetRequiredService<IMachine>(),
            sp.GetRequiredService<ISysFiles>(),
            sp.GetRequiredService<ITuningLedger>(),
            sp.GetRequiredService<SwapSwitcher>(),
            sp.GetRequiredService<IOptionsMonitor<MemoryOptions>>(),
            sp.GetRequiredService<MemoryContributor>(),
            sp.GetService<IBufferPoolControl>(),
            sp.GetService<IBatchSizeLimiter>(),
            sp.GetService<IInferenceActivity>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MemoryController>>()));
        services.AddHostedService<MemoryService>();
        return services;
    }

    /// <summary>
    /// The kernel's swapoff/swapon only for the real root: under any other root (tests, the simulator) the paths in
    /// its proc/swaps are not this machine's, and a test run must never turn this machine's swap off.
    /// </summary>
    internal static ISwapControl SwapControlFor(string root) =>
        Path.GetFullPath(root) == "/" ? new KernelSwapControl() : new FolderSwapControl(root);
}
