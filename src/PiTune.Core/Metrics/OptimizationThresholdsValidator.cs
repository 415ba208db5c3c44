using Microsoft.Extensions.Options;

namespace PiTune.Core.Metrics;

/// <summary>Names each bad <c>Optimization</c> key with its value.</summary>
public sealed class OptimizationThresholdsValidator : IValidateOptions<OptimizationThresholds>
{
    public ValidateOptionsResult Validate(string? name, OptimizationThresholds options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Percent(failures, "CpuPercent", options.CpuPercent);
        Percent(failures, "MemoryPercent", options.MemoryPercent);
        Percent(failures, "AcceleratorPercent", options.AcceleratorPercent);
        if (!double.IsFinite(options.TemperatureC) || options.TemperatureC is < 20 or > 110)
        {
            failures.Add($"Optimization:TemperatureC must be between 20 and 110 °C, was {options.TemperatureC}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Percent(List<string> failures, string key, double value)
    {
        if (!double.IsFinite(value) || value is <= 0 or > 100)
        {
            failures.Add($"Optimization:{key} must be a percentage above 0 and at most 100, was {value}");
        }
    }
}
