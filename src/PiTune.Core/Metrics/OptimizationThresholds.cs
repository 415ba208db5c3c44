namespace PiTune.Core.Metrics;

/// <summary>
/// Limits under which the machine counts as optimized. Defaults are the guide's
/// <c>is_optimized</c>: CPU &lt; 80 %, memory &lt; 70 %, temperature &lt; 70 °C, accelerator &lt; 90 %.
/// </summary>
public sealed class OptimizationThresholds
{
    public const string SectionName = "Optimization";

    public double CpuPercent { get; set; } = 80;

    public double MemoryPercent { get; set; } = 70;

    public double TemperatureC { get; set; } = 70;

    public double AcceleratorPercent { get; set; } = 90;
}
