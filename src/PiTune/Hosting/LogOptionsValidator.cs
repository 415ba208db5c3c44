using Microsoft.Extensions.Options;

namespace PiTune.Hosting;

/// <summary>Names a bad <c>Log</c> key.</summary>
internal sealed class LogOptionsValidator : IValidateOptions<LogOptions>
{
    public ValidateOptionsResult Validate(string? name, LogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Target))
        {
            failures.Add($"Log:Target must be Auto, Journal or Console, was \"{options.Target}\"");
        }

        if (string.IsNullOrWhiteSpace(options.JournalSocket) || !Path.IsPathFullyQualified(options.JournalSocket))
        {
            failures.Add($"Log:JournalSocket must be an absolute path, was \"{options.JournalSocket}\"");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
