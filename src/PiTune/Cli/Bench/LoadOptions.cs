namespace PiTune.Cli.Bench;

/// <summary>
/// What <c>pitune bench</c> sends: to which model, how many at once, for how long, in which encoding; with
/// <paramref name="SharedMemory"/> the tensors go through one shared-memory region per worker instead (Binary is then moot).
/// </summary>
internal sealed record LoadOptions(string SocketPath, string? Model, int Concurrency, TimeSpan Duration, bool Binary, int Rows, bool SharedMemory = false);
