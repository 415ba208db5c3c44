using Microsoft.Extensions.DependencyInjection;
using PiTune.Core.Inference;

namespace PiTune.Priority;

/// <summary>Registers process priority: the inference thread setup the batcher calls, and housekeeping CPU affinity.</summary>
internal static class PriorityRegistration
{
    public static IServiceCollection AddPriorityJob(this IServiceCollection services)
    {
        services.AddSingleton<InferenceThreadSetup>();
        services.AddSingleton<IInferenceThreadSetup>(sp => sp.GetRequiredService<InferenceThreadSetup>());
        services.AddHostedService<HousekeepingAffinityService>();
        return services;
    }
}
