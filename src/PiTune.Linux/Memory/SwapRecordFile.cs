using PiTune.Core.Platform;

namespace PiTune.Linux.Memory;

/// <summary>The content of <c>swap.json</c>: the root the areas belong to, and every area PiTune has turned off.</summary>
internal sealed record SwapRecordFile(int Version, string Root, IReadOnlyList<SwapEntry> Entries)
{
    public const int CurrentVersion = 1;
}
