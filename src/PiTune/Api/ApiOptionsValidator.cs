using Microsoft.Extensions.Options;

namespace PiTune.Api;

/// <summary>Names a bad <c>Api</c> key.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    // sockaddr_un.sun_path is 108 bytes including the terminating NUL.
    private const int MaxSocketPathBytes = 107;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.SocketPath) || !Path.IsPathFullyQualified(options.SocketPath))
        {
            return ValidateOptionsResult.Fail($"Api:SocketPath must be an absolute path, was \"{options.SocketPath}\"");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(options.SocketPath) > MaxSocketPathBytes)
        {
            return ValidateOptionsResult.Fail($"Api:SocketPath is longer than a Unix socket path may be ({MaxSocketPathBytes} bytes): \"{options.SocketPath}\"");
        }

        return ValidateOptionsResult.Success;
    }
}
