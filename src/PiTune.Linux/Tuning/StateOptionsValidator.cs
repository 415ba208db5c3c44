using Microsoft.Extensions.Options;

namespace PiTune.Linux.Tuning;

/// <summary>Names each bad <c>State</c> key with its value.</summary>
public sealed class StateOptionsValidator : IValidateOptions<StateOptions>
{
    public ValidateOptionsResult Validate(string? name, StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // A relative directory would follow the working directory, which systemd sets to / and a shell to anything.
        if (string.IsNullOrWhiteSpace(options.Directory) || !Path.IsPathFullyQualified(options.Directory))
        {
            return ValidateOptionsResult.Fail(
                $"State:Directory must be an absolute path (e.g. \"/var/lib/pitune\"), was \"{options.Directory}\"");
        }

        return ValidateOptionsResult.Success;
    }
}
