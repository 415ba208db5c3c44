using PiTune.Core.Metrics;

namespace PiTune.Thermal;

/// <summary>
/// Adds the thermal job's cap and state to each snapshot: the cap goes to <see cref="CpuMetrics.ThermalCap"/>, where the
/// governor job applies it to <c>scaling_max_freq</c>; the thermal job never writes the ceiling itself.
/// </summary>
internal sealed class ThermalContributor : IMetricsContributor
{
    private ThermalReport? _report;

    public ThermalReport? Current => Volatile.Read(ref _report);

    public void Publish(ThermalReport report) => Volatile.Write(ref _report, report);

    public void Contribute(ResourceMetricsDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Current is not { } r)
        {
            return;
        }

        draft.Cpu = draft.Cpu with { ThermalCap = r.Cap };
        draft.Thermal = draft.Thermal with
        {
            State = r.State,
            SoftLimit = r.SoftLimit,
            FanFailed = r.FanFailed,
            SensorFault = draft.Thermal.SensorFault || r.SensorFault,
            ThrottleEpisodes = r.ThrottleEpisodes,
            FanControlled = r.FanControlled,
            FanDevice = r.FanDevice,

            // The sampler reads the machine's hwmon fan (else its cooling device). When the chosen fan is another one (a PWM
            // channel, a GPIO pin, the cooling device beside an hwmon fan), those figures are not its: what PiTune set is
            // the best there is, and it has no tachometer.
            FanDuty = r.FanSampled ? draft.Thermal.FanDuty ?? r.CommandedDuty : r.CommandedDuty,
            FanRpm = r.FanSampled ? draft.Thermal.FanRpm : null,
        };
    }
}
