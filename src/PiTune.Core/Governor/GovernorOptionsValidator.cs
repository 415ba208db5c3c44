using Microsoft.Extensions.Options;

namespace PiTune.Core.Governor;

/// <summary>Names each bad <c>Governor</c> key with its value.</summary>
public sealed class GovernorOptionsValidator : IValidateOptions<GovernorOptions>
{
    public ValidateOptionsResult Validate(string? name, GovernorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckGovernor(failures, "Inference", options.Inference);
        CheckGovernor(failures, "Idle", options.Idle);
        if (options.IdleGrace < TimeSpan.Zero || options.IdleGrace > TimeSpan.FromHours(24))
        {
            failures.Add($"Governor:IdleGrace must be between 00:00:00 and 24:00:00, was \"{options.IdleGrace}\"");
        }

        if (!double.IsFinite(options.CpuActiveThresholdPercent) || options.CpuActiveThresholdPercent is <= 0 or > 100)
        {
            failures.Add($"Governor:CpuActiveThresholdPercent must be above 0 and at most 100, was {options.CpuActiveThresholdPercent}");
        }

        if (options.CpuActiveTicks is < 1 or > 3600)
        {
            failures.Add($"Governor:CpuActiveTicks must be between 1 and 3600, was {options.CpuActiveTicks}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckGovernor(List<string> failures, string key, string? value)
    {
        if (!GovernorNames.IsKnown(value))
        {
            failures.Add($"Governor:{key} \"{value}\" is not a cpufreq governor; use one of: {string.Join(", ", GovernorNames.Known)}");
        }
    }
}
