using Microsoft.Extensions.Options;

namespace PiTune.Core.Sampling;

/// <summary>Names each bad <c>Sampling</c> key with its value.</summary>
public sealed class SamplingOptionsValidator : IValidateOptions<SamplingOptions>
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Interval < Min || options.Interval > Max)
        {
            failures.Add($"Sampling:Interval must be between {Min} and {Max} (e.g. \"00:00:01\"), was \"{options.Interval}\"");
        }

        if (!string.IsNullOrEmpty(options.DebugHangFile) && !Path.IsPathFullyQualified(options.DebugHangFile))
        {
            failures.Add($"Sampling:DebugHangFile must be an absolute path or empty, was \"{options.DebugHangFile}\"");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
