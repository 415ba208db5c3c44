using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static PiTune.Configuration.OptionsRegistration;
using PiTune.Api;
using PiTune.Core.Governor;
using PiTune.Core.Memory;
using PiTune.Core.Metrics;
using PiTune.Core.Priority;
using PiTune.Core.Sampling;
using PiTune.Core.Thermal;
using PiTune.Hosting;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Inference.Providers;
using PiTune.Linux.Tuning;
using PiTune.Profiles;
using PiTune.Simulation;

namespace PiTune.Configuration;

/// <summary>Every configuration section PiTune reads. docs/configuration.md documents each key.</summary>
internal static class PiTuneOptions
{
    // Each Bind is on a concrete type, so the configuration binding source generator writes it (no reflection under AOT).
    public static IServiceCollection AddPiTuneOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PlatformOptions, PlatformOptionsValidator>(configuration, PlatformOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<StateOptions, StateOptionsValidator>(configuration, StateOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<SamplingOptions, SamplingOptionsValidator>(configuration, SamplingOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<OptimizationThresholds, OptimizationThresholdsValidator>(configuration, OptimizationThresholds.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<GovernorOptions, GovernorOptionsValidator>(configuration, GovernorOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<MemoryOptions, MemoryOptionsValidator>(configuration, MemoryOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<PriorityOptions, PriorityOptionsValidator>(configuration, PriorityOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<ApiOptions, ApiOptionsValidator>(configuration, ApiOptions.SectionName, static (c, o) => c.Bind(o, Strict),
            OptionsShape.Of<PiTune.Api.SharedMemory.SharedMemoryOptions>("SharedMemory"));
        services.AddValidatedOptions<InferenceOptions, InferenceOptionsValidator>(configuration, InferenceOptions.SectionName, static (c, o) => c.Bind(o, Strict),
            OptionsShape.Of<ModelOptions>("Models[]", OptionsShape.Of<HailoModelOptions>("Hailo")), OptionsShape.Of<ExecutionProviderOptions>("ExecutionProviders[]"),
            OptionsShape.Of<HailoOptions>("Hailo"));
        services.AddValidatedOptions<BufferPoolOptions, BufferPoolOptionsValidator>(configuration, BufferPoolOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<LogOptions, LogOptionsValidator>(configuration, LogOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<SimulationOptions, SimulationOptionsValidator>(configuration, SimulationOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<ThermalOptions, ThermalOptionsValidator>(configuration, ThermalOptions.SectionName, static (c, o) => c.Bind(o, Strict));
        services.AddValidatedOptions<FanOptions, FanOptionsValidator>(configuration, FanOptions.SectionName, static (c, o) => c.Bind(o, Strict),
            OptionsShape.Of<FanCurvePoint>("Curve[]"));
        services.AddValidatedOptions<ProfileOptions, ProfileOptionsValidator>(configuration, ProfileOptions.SectionName, static (c, o) => c.Bind(o, Strict),
            OptionsShape.Of<ProfileWindow>("Schedule[]"));
        return services;
    }
}
