using System.Diagnostics;
using PiTune.Core.Thermal;
using PiTune.Simulation;

namespace PiTune.ThermalBench;

/// <summary>
/// PiTune under the built-in profiles balanced (the defaults) and quiet, on one trace: fan duty (mean and peak), seconds
/// at or above the firmware's 80 °C, and the throughput kept. The quiet options mirror src/PiTune/Profiles/BuiltInProfiles.cs.
/// </summary>
internal static class ProfileRows
{
    public static FanOptions QuietFan() => new()
    {
        Curve = [new(58, 15), new(63, 25), new(67, 35), new(70, 50)],
        KickDutyPercent = 50,
    };

    public static ThermalOptions QuietThermal() => new() { LimitC = 65, RecoveryMarginC = 5 };

    public static void Print(double ambient, LoadTrace trace, SimulationOptions options)
    {
        IThermalPolicy[] policies =
        [
            new PiTunePolicy(new FanOptions(), new ThermalOptions(), "balanced"),
            new PiTunePolicy(QuietFan(), QuietThermal(), "quiet"),
        ];

        Console.WriteLine($"### Profiles, Active Cooler, {ambient} °C ambient: {trace.Name}");
        Console.WriteLine();
        Console.WriteLine("| profile | mean fan % | peak fan % | s ≥ 80 °C | peak °C | throughput vs ideal |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (IThermalPolicy policy in policies)
        {
            var watch = Stopwatch.StartNew();
            RunResult r = Harness.Run(policy, options, trace.Workload, trace.Length);
            Console.WriteLine($"| {r.Policy} | {r.MeanFanPercent:0.0} | {r.PeakFanPercent:0} | {r.SecondsAt80:0} | {r.PeakC:0.0} | {r.ThroughputRetained * 100:0.0} % |");
            Console.Error.WriteLine($"{policy.Name}: {watch.Elapsed.TotalSeconds:0.0} s wall");
        }

        Console.WriteLine();
    }
}
