using PiTune.Core.Platform;

namespace PiTune.Linux.Tests.Memory;

/// <summary>Records swap calls; a filename in <see cref="FailOff"/> or <see cref="FailOn"/> fails with that errno.</summary>
internal sealed class FakeSwapControl : ISwapControl
{
    public List<string> Calls { get; } = [];

    public Dictionary<string, int> FailOff { get; } = [];

    public Dictionary<string, int> FailOn { get; } = [];

    public bool IsSimulated => true;

    public SwapCallResult SwapOff(string filename)
    {
        Calls.Add($"off {filename}");
        return FailOff.TryGetValue(filename, out int errno) ? new SwapCallResult(errno, "refused") : SwapCallResult.Ok;
    }

    public SwapCallResult SwapOn(SwapEntry entry)
    {
        Calls.Add($"on {entry.Filename} {entry.Priority}");
        return FailOn.TryGetValue(entry.Filename, out int errno) ? new SwapCallResult(errno, "refused") : SwapCallResult.Ok;
    }
}
