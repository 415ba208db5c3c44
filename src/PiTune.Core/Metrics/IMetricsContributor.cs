namespace PiTune.Core.Metrics;

/// <summary>
/// A job that adds its own figures to each snapshot (the inference loop, the buffer pool, the thermal
/// job's cap). Called on the sampler's thread once per tick; must be quick and must not block.
/// </summary>
public interface IMetricsContributor
{
    void Contribute(ResourceMetricsDraft draft);
}
