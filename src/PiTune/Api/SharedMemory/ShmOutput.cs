namespace PiTune.Api.SharedMemory;

/// <summary>An output to write into a region: <see cref="ByteSize"/> bytes of room at <see cref="Offset"/> in it.</summary>
internal sealed record ShmOutput(SharedMemoryRegion Region, long Offset, long ByteSize);
