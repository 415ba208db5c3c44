namespace PiTune.Cli.Bench;

/// <summary>What <c>pitune bench</c> sends: to which model, how many at once, for how long, in which encoding.</summary>
internal sealed record LoadOptions(string SocketPath, string? Model, int Concurrency, TimeSpan Duration, bool Binary, int Rows);
