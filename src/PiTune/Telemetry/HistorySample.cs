using PiTune.Core.Metrics;
using PiTune.Core.Platform;

namespace PiTune.Telemetry;

/// <summary>
/// One snapshot as <see cref="SnapshotHistory"/> keeps it: the figures <c>pitune top</c> charts, in fixed-size fields so
/// the ring is one array allocated once (nothing per tick, and its size is entries × this struct's size, stated in
/// docs/api.md). Floats hold plenty for readings shown to one decimal. A reading that could not be taken is NaN
/// (floats) or -1 (whole numbers); the governor and the models are left to <c>/status</c>, which has them now.
/// </summary>
internal readonly record struct HistorySample(
    long Sequence,
    long UnixMilliseconds,
    float TemperatureC,
    float CpuPercent,
    float MemoryPercent,
    float MemoryPressureAvg10,
    float FanDutyPercent,
    float AcceleratorBusyPercent,
    float RequestsPerSecond,
    float LatencyP50Ms,
    float LatencyP95Ms,
    float LatencyP99Ms,
    int FrequencyKHz,
    int MaxFrequencyKHz,
    int ThermalCapKHz,
    int FanRpm,
    int QueueDepth,
    ThrottleFlags Throttle,
    HistoryFlags Flags)
{
    public static HistorySample From(ResourceMetrics s)
    {
        ArgumentNullException.ThrowIfNull(s);
        ThermalMetrics t = s.Thermal;
        HistoryFlags flags = HistoryFlags.None;
        if (t.Throttle is not null)
        {
            flags |= HistoryFlags.ThrottleKnown;
        }

        if (t.UnderVoltage is { } under)
        {
            flags |= HistoryFlags.UnderVoltageKnown | (under ? HistoryFlags.UnderVoltage : HistoryFlags.None);
        }

        flags |= (s.Stale ? HistoryFlags.Stale : 0) | (t.SensorFault ? HistoryFlags.SensorFault : 0) | (t.FanFailed ? HistoryFlags.FanFailed : 0);
        AcceleratorMetrics a = s.Accelerator;
        return new HistorySample(
            s.Sequence,
            s.Timestamp.ToUnixTimeMilliseconds(),
            Float(t.Temperature?.Value),
            Float(s.Cpu.UsagePercent),
            Float(s.Memory.UsagePercent),
            Float(s.Memory.PressureSomeAvg10),
            Float(t.FanDuty?.Percent),
            (float)a.BusyPercent,
            (float)a.RequestsPerSecond,
            (float)a.LatencyP50Ms,
            (float)a.LatencyP95Ms,
            (float)a.LatencyP99Ms,
            KHz(s.Cpu.CurrentFrequency?.Value),
            KHz(s.Cpu.MaxFrequency?.Value),
            KHz(s.Cpu.ThermalCap?.Value),
            t.FanRpm ?? -1,
            a.QueueDepth,
            t.Throttle ?? 0,
            flags);
    }

    private static float Float(double? value) => value is { } v ? (float)v : float.NaN;

    // kHz fit an int up to 2.1 THz; a garbled sysfs value past that is shown as unread rather than wrapped.
    private static int KHz(long? value) => value is >= 0 and <= int.MaxValue ? (int)value.Value : -1;
}
