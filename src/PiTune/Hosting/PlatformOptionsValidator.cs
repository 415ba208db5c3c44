using Microsoft.Extensions.Options;

namespace PiTune.Hosting;

/// <summary>Names a bad <c>Platform:Root</c>.</summary>
internal sealed class PlatformOptionsValidator : IValidateOptions<PlatformOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Root) || !Path.IsPathFullyQualified(options.Root))
        {
            return ValidateOptionsResult.Fail($"Platform:Root must be an absolute directory, was \"{options.Root}\"");
        }

        return Directory.Exists(options.Root)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Platform:Root \"{options.Root}\" does not exist or is not a directory");
    }
}
