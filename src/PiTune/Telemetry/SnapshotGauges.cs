using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;

namespace PiTune.Telemetry;

/// <summary>
/// One observable instrument per <see cref="ResourceMetrics"/> field, read from the bus's latest snapshot when a
/// listener collects (a scrape, dotnet-counters). A field that was not readable this tick reports nothing, so
/// its series disappears instead of showing a stale or made-up value. Pool bytes in use/free come live from the
/// pool (the inference engine's gauges); the rest of the pool figures are here.
/// </summary>
internal static class SnapshotGauges
{
    private static readonly (ThrottleFlags Flag, string Name, string When)[] Throttles =
    [
        (ThrottleFlags.UnderVoltage, "under_voltage", "now"),
        (ThrottleFlags.ArmFrequencyCapped, "arm_frequency_capped", "now"),
        (ThrottleFlags.Throttled, "throttled", "now"),
        (ThrottleFlags.SoftTemperatureLimit, "soft_temperature_limit", "now"),
        (ThrottleFlags.UnderVoltageOccurred, "under_voltage", "since_boot"),
        (ThrottleFlags.ArmFrequencyCappedOccurred, "arm_frequency_capped", "since_boot"),
        (ThrottleFlags.ThrottledOccurred, "throttled", "since_boot"),
        (ThrottleFlags.SoftTemperatureLimitOccurred, "soft_temperature_limit", "since_boot"),
    ];

    public static void Register(Meter meter, IMetricsBus bus, IOptionsMonitor<OptimizationThresholds> thresholds)
    {
        // Sampling
        Counter(meter, bus, "pitune.sampling.ticks", "{tick}", "Snapshots taken since start", s => s.Sequence);
        Gauge(meter, bus, "pitune.sampling.last_tick.timestamp", "s", "Unix time of the latest snapshot", s => s.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
        Gauge(meter, bus, "pitune.optimized", "1", "1 when every reading is under its Optimization threshold (the guide's is_optimized)",
            s => s.IsOptimized(thresholds.CurrentValue) ? 1 : 0);

        // CPU
        Gauge(meter, bus, "pitune.cpu.usage", "%", "CPU busy share over the last tick, all cores", s => s.Cpu.UsagePercent);
        meter.CreateObservableGauge("pitune.cpu.core.usage", () => Each(bus, s =>
        {
            double[] cores = s.Cpu.PerCorePercent.ToArray();
            return cores.Select((v, i) => Tagged(v, ("cpu", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }), "%", "CPU busy share over the last tick, per core");
        Gauge(meter, bus, "pitune.cpu.frequency", "kHz", "scaling_cur_freq (first policy)", s => s.Cpu.CurrentFrequency?.Value);
        Gauge(meter, bus, "pitune.cpu.frequency.max", "kHz", "scaling_max_freq in force (first policy)", s => s.Cpu.MaxFrequency?.Value);
        Gauge(meter, bus, "pitune.cpu.thermal_cap", "kHz", "The frequency cap the thermal job holds (absent when none)", s => s.Cpu.ThermalCap?.Value);
        meter.CreateObservableGauge("pitune.cpu.governor", () => Each(bus, s =>
            s.Cpu.Governor is { } g ? [Tagged(1, ("governor", g))] : []), "1", "1 for the governor in force (first policy)");
        Gauge(meter, bus, "pitune.cpu.pressure.some_avg10", "%", "CPU PSI some avg10", s => s.Cpu.PressureSomeAvg10);
        meter.CreateObservableGauge("pitune.cpu.policy.frequency", () => Each(bus, s => Policies(s)
            .Where(p => p.CurrentFrequency is not null).Select(p => Tagged(p.CurrentFrequency!.Value.Value, ("policy", p.Name)))), "kHz", "scaling_cur_freq per policy");
        meter.CreateObservableGauge("pitune.cpu.policy.frequency.max", () => Each(bus, s => Policies(s)
            .Where(p => p.MaxFrequency is not null).Select(p => Tagged(p.MaxFrequency!.Value.Value, ("policy", p.Name)))), "kHz", "scaling_max_freq per policy");
        meter.CreateObservableGauge("pitune.cpu.policy.governor", () => Each(bus, s => Policies(s)
            .Where(p => p.Governor is not null).Select(p => Tagged(1, ("policy", p.Name), ("governor", p.Governor!)))), "1", "1 for the governor in force, per policy");
        meter.CreateObservableCounter("pitune.cpu.governor.time", () => Each(bus, s => Policies(s)
            .SelectMany(p => p.TimePerGovernor.ToArray().Select(t => Tagged(t.Time.TotalSeconds, ("policy", p.Name), ("governor", t.Governor))))),
            "s", "Time each policy has spent under each governor since start");

        // Memory
        Gauge(meter, bus, "pitune.memory.usage", "%", "Memory in use (MemTotal - MemAvailable)", s => s.Memory.UsagePercent);
        Gauge(meter, bus, "pitune.memory.total", "By", "MemTotal", s => s.Memory.TotalBytes);
        Gauge(meter, bus, "pitune.memory.available", "By", "MemAvailable", s => s.Memory.AvailableBytes);
        Gauge(meter, bus, "pitune.memory.swap.used", "By", "Swap in use", s => s.Memory.SwapUsedBytes);
        Gauge(meter, bus, "pitune.memory.pressure.some_avg10", "%", "Memory PSI some avg10", s => s.Memory.PressureSomeAvg10);
        Gauge(meter, bus, "pitune.io.pressure.some_avg10", "%", "I/O PSI some avg10", s => s.Memory.IoPressureSomeAvg10);
        Gauge(meter, bus, "pitune.memory.pressure.state", "1", "The memory job's state: 0 unknown, 1 normal, 2 high", s => (int)s.Memory.PressureState);

        // Thermal, fan, firmware
        Gauge(meter, bus, "pitune.thermal.temperature", "Cel", "SoC temperature", s => s.Thermal.Temperature?.Value);
        Gauge(meter, bus, "pitune.thermal.soft_limit", "Cel", "The soft limit in force (lowered while the fan has failed)", s => s.Thermal.SoftLimit?.Value);
        Gauge(meter, bus, "pitune.thermal.state", "1", "Throttling episode: 0 normal, 1 throttling, 2 recovering", s => (int)s.Thermal.State);
        Gauge(meter, bus, "pitune.thermal.sensor_fault", "1", "1 when the temperature is unreadable, implausible or stale", s => s.Thermal.SensorFault ? 1 : 0);
        Counter(meter, bus, "pitune.thermal.throttle_episodes", "{episode}", "Throttling episodes since start", s => s.Thermal.ThrottleEpisodes);
        Gauge(meter, bus, "pitune.fan.duty", "%", "Fan PWM duty", s => s.Thermal.FanDuty?.Percent);
        Gauge(meter, bus, "pitune.fan.speed", "{rpm}", "Fan tachometer", s => s.Thermal.FanRpm);
        Gauge(meter, bus, "pitune.fan.failed", "1", "1 when the fan is driven but its tachometer reads 0", s => s.Thermal.FanFailed ? 1 : 0);
        Gauge(meter, bus, "pitune.fan.controlled", "1", "1 when PiTune drives the fan", s => s.Thermal.FanControlled ? 1 : 0);
        Gauge(meter, bus, "pitune.power.under_voltage", "1", "1 while the supply is under-voltage (hwmon in1_lcrit_alarm)", s => s.Thermal.UnderVoltage is { } u ? (u ? 1 : 0) : null);
        Gauge(meter, bus, "pitune.firmware.throttled", "1", "The firmware's get_throttled bit field, as vcgencmd prints it", s => (double?)(uint?)s.Thermal.Throttle);
        meter.CreateObservableGauge("pitune.firmware.throttle", () => Each(bus, s => s.Thermal.Throttle is { } flags
            ? Throttles.Select(t => Tagged((flags & t.Flag) != 0 ? 1 : 0, ("flag", t.Name), ("when", t.When)))
            : []), "1", "get_throttled decoded: 1 when the flag is set, now or since boot");

        // Accelerator (the inference workload) and pool
        Gauge(meter, bus, "pitune.accelerator.busy", "%", "Share of the last tick a model session was running", s => s.Accelerator.BusyPercent);
        Gauge(meter, bus, "pitune.accelerator.queue_depth", "{request}", "Requests queued at the tick", s => s.Accelerator.QueueDepth);
        Gauge(meter, bus, "pitune.accelerator.request_rate", "{request}/s", "Requests per second over the last tick", s => s.Accelerator.RequestsPerSecond);
        meter.CreateObservableGauge("pitune.accelerator.latency", () => Each(bus, s =>
        [
            Tagged(s.Accelerator.LatencyP50Ms, ("quantile", "0.5")),
            Tagged(s.Accelerator.LatencyP95Ms, ("quantile", "0.95")),
            Tagged(s.Accelerator.LatencyP99Ms, ("quantile", "0.99")),
        ]), "ms", "Request latency percentiles over the last tick");
        // The accelerator chip (AI HAT+), while HailoRT has it open: absent otherwise.
        meter.CreateObservableGauge("pitune.accelerator.chip.temperature", () => Each(bus, s => s.Accelerator.Chip is { } c
            ? new[] { (c.Sensor0, "ts0"), (c.Sensor1, "ts1") }.Where(t => t.Item1 is not null)
                .Select(t => Tagged(t.Item1!.Value.Value, ("sensor", t.Item2), ("architecture", c.Architecture)))
            : []), "Cel", "The accelerator chip's on-die temperature sensors");
        Gauge(meter, bus, "pitune.accelerator.chip.frame_rate", "{frame}/s", "Frames the chip finished per second over the last tick", s => s.Accelerator.Chip?.FramesPerSecond);
        Gauge(meter, bus, "pitune.accelerator.chip.frames_in_flight", "{frame}", "Frames written to the chip and not yet read back", s => s.Accelerator.Chip?.FramesInFlight);
        Gauge(meter, bus, "pitune.accelerator.chip.busy", "%", "Share of the last tick a batch was running on the chip", s => s.Accelerator.Chip?.BusyPercent);
        Gauge(meter, bus, "pitune.pool.budget", "By", "The buffer pool's budget", s => s.Pool.BudgetBytes);
        Counter(meter, bus, "pitune.pool.hits", "{rent}", "Rents served from a free buffer", s => s.Pool.Hits);
        Counter(meter, bus, "pitune.pool.misses", "{rent}", "Rents that allocated", s => s.Pool.Misses);
        Counter(meter, bus, "pitune.pool.evictions", "{buffer}", "Free buffers dropped to stay under the budget", s => s.Pool.Evictions);
    }

    private static void Gauge(Meter meter, IMetricsBus bus, string name, string unit, string description, Func<ResourceMetrics, double?> read) =>
        meter.CreateObservableGauge(name, () => Each(bus, s => read(s) is { } v ? [new Measurement<double>(v)] : []), unit, description);

    private static void Counter(Meter meter, IMetricsBus bus, string name, string unit, string description, Func<ResourceMetrics, long> read) =>
        meter.CreateObservableCounter(name, () => Each(bus, s => [new Measurement<double>(read(s))]), unit, description);

    private static IEnumerable<Measurement<double>> Each(IMetricsBus bus, Func<ResourceMetrics, IEnumerable<Measurement<double>>> read) =>
        bus.Latest is { } snapshot ? read(snapshot) : [];

    private static CpuFreqPolicyMetrics[] Policies(ResourceMetrics s) => s.Cpu.Policies.ToArray();

    private static Measurement<double> Tagged(double value, params (string Key, string Value)[] tags) =>
        new(value, tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)));
}
