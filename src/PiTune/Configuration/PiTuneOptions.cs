using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
using PiTune.Linux.Tuning;
using PiTune.Simulation;

namespace PiTune.Configuration;

/// <summary>Every configuration section PiTune reads. docs/configuration.md documents each key.</summary>
internal static class PiTuneOptions
{
    public static IServiceCollection AddPiTuneOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PlatformOptions, PlatformOptionsValidator>(configuration, PlatformOptions.SectionName);
        services.AddValidatedOptions<StateOptions, StateOptionsValidator>(configuration, StateOptions.SectionName);
        services.AddValidatedOptions<SamplingOptions, SamplingOptionsValidator>(configuration, SamplingOptions.SectionName);
        services.AddValidatedOptions<OptimizationThresholds, OptimizationThresholdsValidator>(configuration, OptimizationThresholds.SectionName);
        services.AddValidatedOptions<GovernorOptions, GovernorOptionsValidator>(configuration, GovernorOptions.SectionName);
        services.AddValidatedOptions<MemoryOptions, MemoryOptionsValidator>(configuration, MemoryOptions.SectionName);
        services.AddValidatedOptions<PriorityOptions, PriorityOptionsValidator>(configuration, PriorityOptions.SectionName);
        services.AddValidatedOptions<ApiOptions, ApiOptionsValidator>(configuration, ApiOptions.SectionName);
        services.AddValidatedOptions<InferenceOptions, InferenceOptionsValidator>(configuration, InferenceOptions.SectionName);
        services.AddValidatedOptions<BufferPoolOptions, BufferPoolOptionsValidator>(configuration, BufferPoolOptions.SectionName);
        services.AddValidatedOptions<LogOptions, LogOptionsValidator>(configuration, LogOptions.SectionName);
        services.AddValidatedOptions<SimulationOptions, SimulationOptionsValidator>(configuration, SimulationOptions.SectionName);
        services.AddValidatedOptions<ThermalOptions, ThermalOptionsValidator>(configuration, ThermalOptions.SectionName);
        services.AddValidatedOptions<FanOptions, FanOptionsValidator>(configuration, FanOptions.SectionName);
        return services;
    }
}
