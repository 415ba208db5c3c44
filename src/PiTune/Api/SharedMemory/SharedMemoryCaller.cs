using Microsoft.AspNetCore.Http;

namespace PiTune.Api.SharedMemory;

/// <summary>
/// One infer request's way to the registry: the caller's uid is looked up (SO_PEERCRED) only when the request names a
/// region, so requests that carry their data pay nothing.
/// </summary>
internal sealed class SharedMemoryCaller(SharedMemoryRegistry? registry, HttpContext? context, uint? uid = null)
{
    private uint? _uid = uid;

    /// <summary>A caller with a known uid (tests and benchmarks without a connection).</summary>
    public static SharedMemoryCaller ForUid(SharedMemoryRegistry registry, uint uid) => new(registry, null, uid);

    public SharedMemoryRegistry? Registry => registry;

    /// <summary>The region, checked for <paramref name="byteSize"/> bytes at <paramref name="offset"/>; or the message.</summary>
    public SharedMemoryRegion? Resolve(string name, long offset, long byteSize, out string? error)
    {
        if (_uid is null)
        {
            uint uid = 0;
            string? problem = context is null
                ? (registry is { Enabled: true } ? SharedMemoryEndpoints.NeedsUnixSocket : SharedMemoryEndpoints.Disabled)
                : SharedMemoryEndpoints.CallerProblem(registry, context, out uid);
            if (problem is not null)
            {
                error = problem;
                return null;
            }

            _uid = uid;
        }

        return registry!.Resolve(_uid!.Value, name, offset, byteSize, out error);
    }
}
