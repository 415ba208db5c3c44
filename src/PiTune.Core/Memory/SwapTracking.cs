namespace PiTune.Core.Memory;

/// <summary>The swap policy's memory between decisions.</summary>
/// <param name="LastActiveAt">When inference work was last seen.</param>
/// <param name="LastFailureAt">When a swapoff last failed (retries wait <see cref="MemoryOptions.SwapRetryInterval"/>).</param>
public sealed record SwapTracking(DateTimeOffset? LastActiveAt, DateTimeOffset? LastFailureAt)
{
    public static SwapTracking Initial { get; } = new(null, null);
}
