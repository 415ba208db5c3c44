using PiTune.Core.Platform;

namespace PiTune.Linux.Fan;

/// <summary>The fan PiTune found for <c>Fan:Kind</c>, or why there is none.</summary>
public sealed record FanSelection(IFan? Fan, string? Problem);
