using Microsoft.Extensions.Options;

namespace PiTune.Hosting;

/// <summary>Names a bad <c>Log</c> key.</summary>
internal sealed class LogOptionsValidator : IValidateOptions<LogOptions>
{
    public ValidateOptionsResult Validate(string? name, LogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Target))
        {
            return ValidateOptionsResult.Fail($"Log:Target must be Auto, Journal or Console, was \"{options.Target}\"");
        }

        return string.IsNullOrWhiteSpace(options.JournalSocket) || !Path.IsPathFullyQualified(options.JournalSocket)
            ? ValidateOptionsResult.Fail($"Log:JournalSocket must be an absolute path, was \"{options.JournalSocket}\"")
            : ValidateOptionsResult.Success;
    }
}
