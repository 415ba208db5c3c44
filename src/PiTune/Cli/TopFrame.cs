namespace PiTune.Cli;

/// <summary>What one frame of <c>pitune top</c> shows: the history so far, the latest status, and any trouble reaching the daemon.</summary>
internal sealed record TopFrame(string Socket, IReadOnlyList<TopSample> Samples, TopStatus? Status, string? Error);
