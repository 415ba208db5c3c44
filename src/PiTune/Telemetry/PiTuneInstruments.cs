using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using PiTune.Core.Metrics;
using PiTune.Inference;

namespace PiTune.Telemetry;

/// <summary>
/// The daemon's own instruments on the one <c>PiTune</c> meter (the same <see cref="Meter"/> the inference engine
/// gets from the factory): a gauge per snapshot field, the operation profilers, and the governor-change counter.
/// <c>dotnet-counters monitor -n pitune --counters PiTune</c> and <c>GET /metrics</c> see the same instruments.
/// </summary>
internal sealed class PiTuneInstruments
{
    private readonly Counter<long> _governorChanges;

    public PiTuneInstruments(IMeterFactory meters, IMetricsBus bus, IOptionsMonitor<OptimizationThresholds> thresholds, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(InferenceEngine.MeterName);
        SamplingTick = new OperationProfiler(Meter, "pitune.sampling.tick.duration", "Time to take one snapshot (all readers and contributors)", time);
        GovernorSwitch = new OperationProfiler(Meter, "pitune.governor.switch.duration", "Time to write scaling_governor, through the ledger", time);
        _governorChanges = Meter.CreateCounter<long>("pitune.governor.changes", "{change}", "Governor writes PiTune made, by policy and governor");
        SnapshotGauges.Register(Meter, bus, thresholds);
    }

    public Meter Meter { get; }

    public OperationProfiler SamplingTick { get; }

    public OperationProfiler GovernorSwitch { get; }

    public void GovernorChanged(string policy, string governor) =>
        _governorChanges.Add(1, new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("governor", governor));
}
