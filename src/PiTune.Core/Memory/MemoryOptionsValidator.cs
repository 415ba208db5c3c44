using Microsoft.Extensions.Options;

namespace PiTune.Core.Memory;

/// <summary>
/// Names each bad <c>Memory</c> key with its value. Machine-independent (ranges, names, marks); whether a
/// <c>Memory:Sysctl</c> key exists on the running kernel is checked by the daemon, which knows the root.
/// </summary>
public sealed class MemoryOptionsValidator : IValidateOptions<MemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckValue(failures, "Memory:Swappiness", VmSysctlRanges.Swappiness, options.Swappiness);
        CheckValue(failures, "Memory:VfsCachePressure", VmSysctlRanges.VfsCachePressure, options.VfsCachePressure);
        foreach ((string key, long value) in options.Sysctl ?? [])
        {
            CheckSysctl(failures, key, value);
        }

        if (!Enum.IsDefined(options.DisableSwap))
        {
            failures.Add($"Memory:DisableSwap must be Never, DuringInference or Always, was \"{options.DisableSwap}\"");
        }

        if (options.SwapOffHeadroomMB is < 0 or > 1 << 20)
        {
            failures.Add($"Memory:SwapOffHeadroomMB must be between 0 and 1048576, was {options.SwapOffHeadroomMB}");
        }

        Duration(failures, "SwapOnIdleGrace", options.SwapOnIdleGrace, TimeSpan.Zero);
        Duration(failures, "SwapRetryInterval", options.SwapRetryInterval, TimeSpan.FromSeconds(1));
        Duration(failures, "PressureReleaseAfter", options.PressureReleaseAfter, TimeSpan.Zero);
        Marks(failures, "PressureLowPercent", options.PressureLowPercent, "PressureHighPercent", options.PressureHighPercent);
        Marks(failures, "AvailableLowPercent", options.AvailableLowPercent, "AvailableRecoveredPercent", options.AvailableRecoveredPercent);
        if (options.TrimTargetPercent is < 0 or > 100)
        {
            failures.Add($"Memory:TrimTargetPercent must be between 0 and 100, was {options.TrimTargetPercent}");
        }

        if (options.PressureMaxBatchSize is < 1 or > 65536)
        {
            failures.Add($"Memory:PressureMaxBatchSize must be between 1 and 65536, was {options.PressureMaxBatchSize}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The range check alone, for the daemon's kernel-aware check (swappiness is 0–100 before Linux 5.8).</summary>
    public static string? RangeProblem(string configKey, string sysctl, long value, Version? kernel)
    {
        if (VmSysctlRanges.RangeOf(sysctl, kernel) is not { } range || (value >= range.Min && value <= range.Max))
        {
            return null;
        }

        string upTo = range.Max >= int.MaxValue ? "or more" : $"to {range.Max}";
        string on = kernel is null ? "" : $" on kernel {kernel}";
        return $"{configKey} (vm.{sysctl}) must be {range.Min} {upTo}{on}, was {value}";
    }

    private static void CheckValue(List<string> failures, string configKey, string sysctl, long? value)
    {
        if (value is { } v && RangeProblem(configKey, sysctl, v, null) is { } problem)
        {
            failures.Add(problem);
        }
    }

    private static void CheckSysctl(List<string> failures, string key, long value)
    {
        string configKey = $"Memory:Sysctl:{key}";
        if (!VmSysctlRanges.IsPlainName(key))
        {
            failures.Add($"{configKey}: \"{key}\" is not a vm sysctl name (a file name under /proc/sys/vm such as dirty_ratio)");
        }
        else if (VmSysctlRanges.IsAction(key))
        {
            failures.Add($"{configKey}: vm.{key} triggers an action when written, it is not a setting PiTune can hold and restore");
        }
        else if (key is VmSysctlRanges.Swappiness or VmSysctlRanges.VfsCachePressure)
        {
            string own = key == VmSysctlRanges.Swappiness ? "Memory:Swappiness" : "Memory:VfsCachePressure";
            failures.Add($"{configKey}: vm.{key} has its own key; set {own} instead (was {value})");
        }
        else if (RangeProblem(configKey, key, value, null) is { } problem)
        {
            failures.Add(problem);
        }
    }

    private static void Duration(List<string> failures, string key, TimeSpan value, TimeSpan min)
    {
        if (value < min || value > TimeSpan.FromHours(24))
        {
            failures.Add($"Memory:{key} must be between {min} and 24:00:00, was \"{value}\"");
        }
    }

    private static void Marks(List<string> failures, string lowKey, double low, string highKey, double high)
    {
        bool lowOk = double.IsFinite(low) && low is >= 0 and <= 100;
        bool highOk = double.IsFinite(high) && high is > 0 and <= 100;
        if (!lowOk)
        {
            failures.Add($"Memory:{lowKey} must be a percentage from 0 to 100, was {low}");
        }

        if (!highOk)
        {
            failures.Add($"Memory:{highKey} must be a percentage above 0 and at most 100, was {high}");
        }

        if (lowOk && highOk && low >= high)
        {
            failures.Add($"Memory:{lowKey} ({low}) must be below Memory:{highKey} ({high}), or pressure would flap without hysteresis");
        }
    }
}
