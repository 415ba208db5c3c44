namespace PiTune.Core.Platform;

/// <summary>One line of <c>/proc/swaps</c>.</summary>
public sealed record SwapEntry(string Filename, string Type, long SizeBytes, long UsedBytes, int Priority);
