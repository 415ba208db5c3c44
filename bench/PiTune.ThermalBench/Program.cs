using System.Diagnostics;
using System.Globalization;
using PiTune.Core.Thermal;
using PiTune.Simulation;
using PiTune.ThermalBench;

// dotnet run -c Release --project bench/PiTune.ThermalBench [-- --ambient 25 --ambient 35]
// The trace: 5 min idle, 10 min of full inference load (4 cores), 10 min idle, in simulated time.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var ambients = new List<double>();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--ambient")
    {
        ambients.Add(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
    }
}

if (ambients.Count == 0)
{
    ambients.Add(25);
}

TimeSpan idle = TimeSpan.FromMinutes(5), load = TimeSpan.FromMinutes(10), after = TimeSpan.FromMinutes(10);
double Workload(TimeSpan at) => at >= idle && at < idle + load ? 4 : 0;

foreach (double ambient in ambients)
{
    var options = new SimulationOptions { AmbientC = ambient, InitialTemperatureC = 45, FanInstalled = true };
    IThermalPolicy[] policies =
    [
        new GuideOnOffPolicy(75),
        new FirmwareCurvePolicy(),
        new PiTunePolicy(new FanOptions(), new ThermalOptions(), "PiTune defaults"),
        new PiTunePolicy(new FanOptions { Interpolation = CurveInterpolation.Linear }, new ThermalOptions(), "PiTune, linear curve"),
        new PiTunePolicy(new FanOptions { KickDuration = TimeSpan.Zero }, new ThermalOptions(), "PiTune, no kick"),
    ];

    Console.WriteLine($"## Active Cooler, {ambient} °C ambient: 5 min idle, 10 min full load, 10 min idle");
    Console.WriteLine();
    Console.WriteLine("| policy | s ≥ 80 °C | s firmware limiting | peak °C | mean fan % | fan on/off switches | fan speed changes | throughput vs ideal |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    foreach (IThermalPolicy policy in policies)
    {
        var watch = Stopwatch.StartNew();
        RunResult r = Harness.Run(policy, options, Workload, idle + load + after);
        Console.WriteLine(
            $"| {r.Policy} | {r.SecondsAt80:0} | {r.SecondsFirmwareLimiting:0} | {r.PeakC:0.0} | {r.MeanFanPercent:0.0} | {r.FanOnOffSwitches} | {r.FanSpeedChanges} | {r.ThroughputRetained * 100:0.0} % |");
        Console.Error.WriteLine($"{policy.Name}: {watch.Elapsed.TotalSeconds:0.0} s wall");
    }

    Console.WriteLine();
}
