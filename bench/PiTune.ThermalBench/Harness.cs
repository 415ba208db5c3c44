using PiTune.Core.Platform;
using PiTune.Simulation;

namespace PiTune.ThermalBench;

/// <summary>
/// Runs a policy over the load trace in simulated time: the policy acts once a second (the sampler's tick), the model is
/// measured four times a second.
/// </summary>
internal static class Harness
{
    private const int SamplesPerSecond = 4;
    private const ThrottleFlags FirmwareNow = ThrottleFlags.ArmFrequencyCapped | ThrottleFlags.Throttled | ThrottleFlags.SoftTemperatureLimit;

    public static RunResult Run(IThermalPolicy policy, SimulationOptions options, Func<TimeSpan, double> workload, TimeSpan length)
    {
        using var rig = new Rig(options);

        // Inference wants the top clock: every policy runs under performance, so the clock is the ceiling or the firmware's cap.
        rig.Ledger.Write(rig.Machine.CpuFreqPolicies[0].Governor, "performance");
        policy.Start(rig);

        TimeSpan step = TimeSpan.FromSeconds(1.0 / SamplesPerSecond);
        double at80 = 0, limiting = 0, peak = double.MinValue, dutySum = 0, peakDuty = 0, loadClock = 0, loadIdeal = 0;
        int samples = 0, onOff = 0, changes = 0;
        int lastPwm = rig.Sim.FanPwm;
        double maxKHz = rig.Max.Value;
        for (TimeSpan at = TimeSpan.Zero; at < length; at += TimeSpan.FromSeconds(1))
        {
            double cores = workload(at);
            rig.Sim.SetWorkload(cores);
            policy.Tick(rig, at, rig.Sim.ZoneTemperature);
            for (int i = 0; i < SamplesPerSecond; i++)
            {
                rig.Sim.Advance(step);
                double c = rig.Sim.Temperature.Value;
                peak = Math.Max(peak, c);
                at80 += c >= 80 ? step.TotalSeconds : 0;
                limiting += (rig.Sim.ThrottleBits & FirmwareNow) != 0 ? step.TotalSeconds : 0;
                dutySum += rig.Sim.FanDuty.Percent;
                peakDuty = Math.Max(peakDuty, rig.Sim.FanDuty.Percent);
                samples++;
                // The same count for every policy, from the pwm the simulated fan runs at (whoever wrote it: the kernel's
                // step_wise or a policy through pwm1): a duty change is any sample whose pwm differs from the one before
                // (a kick counts, up and back down); an on/off switch is one of those between 0 and not 0.
                int pwm = rig.Sim.FanPwm;
                if (pwm != lastPwm)
                {
                    changes++;
                    onOff += (pwm == 0) != (lastPwm == 0) ? 1 : 0;
                    lastPwm = pwm;
                }

                if (cores > 0)
                {
                    // Work done goes with the clock actually running (the firmware's cap included) on the busy cores.
                    loadClock += cores * rig.Sim.Frequency.Value;
                    loadIdeal += cores * maxKHz;
                }
            }
        }

        return new RunResult(policy.Name, at80, limiting, peak, dutySum / samples, onOff, changes, loadIdeal > 0 ? loadClock / loadIdeal : 1, peakDuty);
    }
}
