namespace PiTune.Core.Metrics;

/// <summary>The sampler's mutable workspace for one tick; contributors fill their section, then it is frozen.</summary>
public sealed class ResourceMetricsDraft
{
    public CpuMetrics Cpu { get; set; }

    public MemoryMetrics Memory { get; set; }

    public ThermalMetrics Thermal { get; set; }

    public AcceleratorMetrics Accelerator { get; set; }

    public PoolMetrics Pool { get; set; }

    public ResourceMetrics Freeze(long sequence, DateTimeOffset timestamp) =>
        new(sequence, timestamp, Cpu, Memory, Thermal, Accelerator, Pool);

    public void Clear()
    {
        Cpu = default;
        Memory = default;
        Thermal = default;
        Accelerator = default;
        Pool = default;
    }
}
