namespace PiTune.Core.Memory;

/// <summary>The memory job's view of memory pressure, as published in the snapshot.</summary>
public enum MemoryPressureState
{
    /// <summary>No reading yet (or the memory job is not running).</summary>
    Unknown,

    Normal,

    /// <summary>Above the high mark: the buffer pool is held to its trim target and batches are capped.</summary>
    High,
}
