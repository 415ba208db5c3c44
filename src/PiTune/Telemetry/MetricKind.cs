namespace PiTune.Telemetry;

/// <summary>A Prometheus metric type, as the <c># TYPE</c> line names it.</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
