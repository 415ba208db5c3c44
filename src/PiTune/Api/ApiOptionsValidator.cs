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
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SocketPath) || !Path.IsPathFullyQualified(options.SocketPath))
        {
            failures.Add($"Api:SocketPath must be an absolute path, was \"{options.SocketPath}\"");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(options.SocketPath) > MaxSocketPathBytes)
        {
            failures.Add($"Api:SocketPath is longer than a Unix socket path may be ({MaxSocketPathBytes} bytes): \"{options.SocketPath}\"");
        }

        if (options.TcpPort is < 0 or > 65535)
        {
            failures.Add($"Api:TcpPort must be from 0 (none) to 65535, was {options.TcpPort}");
        }

        if (options.MaxRequestBodyMB is < 1 or > 2047)
        {
            failures.Add($"Api:MaxRequestBodyMB must be from 1 to 2047, was {options.MaxRequestBodyMB}");
        }

        if (options.RequestBodyBudgetMB < options.MaxRequestBodyMB || options.RequestBodyBudgetMB > 65535)
        {
            failures.Add($"Api:RequestBodyBudgetMB must be from Api:MaxRequestBodyMB ({options.MaxRequestBodyMB}) to 65535, was {options.RequestBodyBudgetMB}");
        }

        if (options.SocketGroup is { } group && (group.Trim().Length != group.Length || group.Contains(':', StringComparison.Ordinal)))
        {
            failures.Add($"Api:SocketGroup must be a group name or number, was \"{group}\"");
        }

        if (options.SharedMemory is not { } shm)
        {
            failures.Add("Api:SharedMemory must be a section");
        }
        else
        {
            if (shm.MaxRegions is < 1 or > 4096)
            {
                failures.Add($"Api:SharedMemory:MaxRegions must be from 1 to 4096, was {shm.MaxRegions}");
            }

            if (shm.MaxRegionBytes < 1)
            {
                failures.Add($"Api:SharedMemory:MaxRegionBytes must be 1 or more (bytes), was {shm.MaxRegionBytes}");
            }

            if (shm.MaxTotalBytes < 1)
            {
                failures.Add($"Api:SharedMemory:MaxTotalBytes must be 1 or more (bytes), was {shm.MaxTotalBytes}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
