using System.Diagnostics;
using System.Globalization;
using PiTune.Core.Thermal;
using PiTune.Simulation;
using PiTune.ThermalBench;

// dotnet run -c Release --project bench/PiTune.ThermalBench [-- --ambient 25 --ambient 35] [--burst-seed 1 --burst-seed 2] [--profiles]
// --profiles: the same traces, PiTune under the balanced profile (the defaults) against quiet (src/PiTune/Profiles/BuiltInProfiles.cs).
// Three traces in simulated time (steady load; the same with a jittery zone reading; request bursts with the jitter),
// four policies each, at each ambient. With --burst-seed, only burst traces, one per seed (other burst patterns).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var ambients = new List<double>();
var seeds = new List<ulong>();
bool profiles = args.Contains("--profiles");
args = [.. args.Where(a => a != "--profiles")];
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--ambient")
    {
        ambients.Add(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
    }
    else if (args[i] == "--burst-seed")
    {
        seeds.Add(ulong.Parse(args[i + 1], CultureInfo.InvariantCulture));
    }
}

if (ambients.Count == 0)
{
    ambients.Add(25);
}

LoadTrace[] traces = seeds.Count > 0
    ? [.. seeds.Select(seed => LoadTrace.Bursts(1, seed))]
    : [LoadTrace.Steady(0), LoadTrace.Steady(1), LoadTrace.Bursts(1)];
var total = Stopwatch.StartNew();
foreach (double ambient in ambients)
{
    foreach (LoadTrace trace in traces)
    {
        var options = new SimulationOptions { AmbientC = ambient, InitialTemperatureC = 45, FanInstalled = true, ZoneNoiseC = trace.ZoneNoiseC };
        if (profiles)
        {
            ProfileRows.Print(ambient, trace, options);
            continue;
        }

        IThermalPolicy[] policies =
        [
            new GuideOnOffPolicy(75),
            new FirmwareCurvePolicy(),
            new PiTunePolicy(new FanOptions(), new ThermalOptions(), "PiTune defaults"),
            new PiTunePolicy(new FanOptions { RiseLookahead = TimeSpan.Zero }, new ThermalOptions(), "PiTune without the rise lookahead (the previous defaults)"),
        ];

        Console.WriteLine($"### Active Cooler, {ambient} °C ambient: {trace.Name}");
        Console.WriteLine();
        Console.WriteLine("| policy | s ≥ 80 °C | s firmware limiting | peak °C | mean fan % | fan on/off switches | duty changes | throughput vs ideal |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (IThermalPolicy policy in policies)
        {
            var watch = Stopwatch.StartNew();
            RunResult r = Harness.Run(policy, options, trace.Workload, trace.Length);
            Console.WriteLine(
                $"| {r.Policy} | {r.SecondsAt80:0} | {r.SecondsFirmwareLimiting:0} | {r.PeakC:0.0} | {r.MeanFanPercent:0.0} | {r.FanOnOffSwitches} | {r.FanDutyChanges} | {r.ThroughputRetained * 100:0.0} % |");
            Console.Error.WriteLine($"{policy.Name}: {watch.Elapsed.TotalSeconds:0.0} s wall");
        }

        Console.WriteLine();
    }
}

Console.Error.WriteLine($"all: {total.Elapsed.TotalSeconds:0} s wall");
