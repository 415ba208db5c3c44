using Microsoft.Extensions.Options;

namespace PiTune.Core.Sampling;

/// <summary>Names each bad <c>Sampling</c> key with its value.</summary>
public sealed class SamplingOptionsValidator : IValidateOptions<SamplingOptions>
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxHistorySpan = TimeSpan.FromHours(24);

    /// <summary>Snapshots the history ring may hold: 86 400 (a day at 1 s) is under 8 MiB at the ring's entry size.</summary>
    public const int MaxHistoryEntries = 86_400;

    public ValidateOptionsResult Validate(string? name, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Interval < Min || options.Interval > Max)
        {
            failures.Add($"Sampling:Interval must be between {Min} and {Max} (e.g. \"00:00:01\"), was \"{options.Interval}\"");
        }

        if (options.HistorySpan < TimeSpan.Zero || options.HistorySpan > MaxHistorySpan)
        {
            failures.Add($"Sampling:HistorySpan must be between 00:00:00 and {MaxHistorySpan:c} (e.g. \"00:10:00\"), was \"{options.HistorySpan}\"");
        }
        else if (options.Interval >= Min && HistoryEntries(options) > MaxHistoryEntries)
        {
            failures.Add($"Sampling:HistorySpan \"{options.HistorySpan}\" at Sampling:Interval \"{options.Interval}\" would keep {HistoryEntries(options)} snapshots, more than {MaxHistoryEntries}: shorten the span or lengthen the interval");
        }

        if (!string.IsNullOrEmpty(options.DebugHangFile) && !Path.IsPathFullyQualified(options.DebugHangFile))
        {
            failures.Add($"Sampling:DebugHangFile must be an absolute path or empty, was \"{options.DebugHangFile}\"");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Snapshots the history ring keeps for these options: the span in whole intervals, rounded up.</summary>
    public static long HistoryEntries(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.HistorySpan <= TimeSpan.Zero || options.Interval <= TimeSpan.Zero
            ? 0
            : (options.HistorySpan.Ticks + options.Interval.Ticks - 1) / options.Interval.Ticks;
    }
}
