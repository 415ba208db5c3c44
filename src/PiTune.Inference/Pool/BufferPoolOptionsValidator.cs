using Microsoft.Extensions.Options;

namespace PiTune.Inference.Pool;

/// <summary>Names each bad <c>BufferPool</c> key with its value.</summary>
internal sealed class BufferPoolOptionsValidator : IValidateOptions<BufferPoolOptions>
{
    public ValidateOptionsResult Validate(string? name, BufferPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxSizeMB is < 1 or > 1024 * 1024)
        {
            failures.Add($"BufferPool:MaxSizeMB must be from 1 to 1048576, was {options.MaxSizeMB}");
        }

        if (!double.IsFinite(options.MaxMemoryFraction) || options.MaxMemoryFraction is <= 0 or > 0.9)
        {
            failures.Add($"BufferPool:MaxMemoryFraction must be above 0 and at most 0.9, was {options.MaxMemoryFraction}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
