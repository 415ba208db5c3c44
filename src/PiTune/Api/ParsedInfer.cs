using PiTune.Api.SharedMemory;
using PiTune.Inference.Pool;

namespace PiTune.Api;

/// <summary>A valid infer request: its rows in a pooled buffer, and how the caller wants the answer.</summary>
internal sealed record ParsedInfer(string? Id, PooledBuffer Input, int Rows, TimeSpan? Timeout, RequestedOutput[] Outputs);

/// <summary>An output to return: its index in the model's signature, and whether as binary data or into a shared-memory region.</summary>
internal readonly record struct RequestedOutput(int Index, bool Binary, ShmOutput? Shm = null);
