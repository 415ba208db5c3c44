using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using PiTune.Cli.Bench;
using PiTune.Inference.Models;
using PiTune.ServeBench;

// End-to-end serving benchmark (issues 3 and 13): in one run,
//   (a) raw in-process ONNX Runtime on the bundled model at batch sizes 1, 4, 8, 16, 32, two ways:
//       - in the daemon's own configuration: model 0 of the appsettings.json beside this program (Inference:Models:0:
//         Runners, IntraOpThreads, AllowSpinning, MemoryPattern) with the PITUNE_Inference__Models__0__<key>=<value>
//         entries of SERVEBENCH_DAEMON_ENV applied over it (the daemons get the same), one session from
//         ModelLoader.CreateSessionOptions (graph optimizations All). single(b): one thread calling Run back to back;
//         and when Runners resolves to R > 1, concurrent(b): R threads started together, each calling Run back to back on
//         that same session with its own input and output (total items/s, mean ms per batch per thread);
//       - ORT's defaults, what a user's own loop gets: a second session from SessionOptions with only graph
//         optimizations All (one intra-op thread per core, spinning on), single loop;
//   (b) the wake-up floor: a ping-pong of 300-byte messages between two threads of this process over a connected pair of
//       Unix stream sockets for 2 s, its mean round trip, and the ceiling it puts on served / raw at concurrency 1,
//       single(1) ms / (single(1) ms + round trip): no server over a socket on this machine can beat it at c = 1; then
//       for a second each the same with both threads pinned to CPU 0 and with them pinned to CPUs 0 and 1, to show
//       which of the two the scheduler gave the unpinned pair (the ceiling is the unpinned pair's; the one with the
//       two-CPU round trip is printed beside it);
//   (c) `pitune bench` load through the daemon's Unix socket at concurrency 1, 8, 32, in both modes: binary tensors in
//       the HTTP body, and shared memory (Triton's system_shared_memory: one region per worker, `pitune bench --shm`);
// then, at the mean batch m the server formed (raw figures interpolated between the measured sizes):
//   - served / raw in the daemon's configuration (the figure issue 13's target is judged on): against single(m) at
//     concurrency 1, and at concurrency > 1 against concurrent(m) when R > 1 (else single(m));
//   - served / ORT defaults (single loop at m);
//   - the p99 bound, 2 ms + 2 x the daemon configuration's run time of one batch of m rows: single(m)'s ms per batch
//     at concurrency 1, concurrent(m)'s ms per batch per thread at concurrency > 1 when R > 1 (else single(m)'s);
//   - the session's share: the model's busy_seconds sum over its runners, so "runners busy X of R" can pass 1, and the
//     runner idle time per request is (R - busy) x wall / requests;
//   - the CPU left for ORT, the line after "runners busy": N - (daemon CPU - runners busy) - load generator CPU, in cores
//     (the CPU shares times N), what serving left the session of the N cores raw ORT had to itself; at least 0,
//     approximate, and "n/a" unless each runner runs one intra-op thread;
// and per mode the dynamic-batching gain (32 vs 1).
// Each round measures (a), (b) then (c), so every ratio compares figures taken minutes apart at most; the summary gives
// the medians over the rounds, in how many rounds the p99 bound was met, the CPU left for ORT's median, and the wake-up
// floor's medians.
// dotnet run -c Release --no-build --project bench/PiTune.ServeBench -- [seconds-per-point (5)] [rounds (9)] [name=daemon ...]
// A daemon is `jit` (this build's pitune.dll under `dotnet`, the default) or the path of a pitune binary (e.g. a Native
// AOT publish: `aot=/tmp/aot/pitune`). With several, all run from the start on their own simulated Pi, each round
// measures them one after the other (the order reversed every other round), and the summary adds each one's served
// throughput as a ratio of the first one's, round by round: two builds compared in the same minutes of this machine.
// All daemons get the same configuration, so the raw figures in the daemon's configuration are one set for all of them.
// SERVEBENCH_DAEMON_ENV="KEY=VALUE ..." is given to the daemons only (e.g. the unit's Environment= lines:
// SERVEBENCH_DAEMON_ENV="$(sed -n 's/^Environment=//p' systemd/pitune.service)"), not to this load generator; its model 0
// entries also configure raw ORT, as above (e.g. SERVEBENCH_DAEMON_ENV="PITUNE_Inference__Models__0__Runners=2").
CultureInfo c = CultureInfo.InvariantCulture;
double seconds = args.Length > 0 ? double.Parse(args[0], c) : 5;
int rounds = args.Length > 1 ? int.Parse(args[1], c) : 9;
// SERVEBENCH_MODES="binary" leaves shared memory out (a daemon built before it).
string[] modes = (Environment.GetEnvironmentVariable("SERVEBENCH_MODES") ?? "binary shm").Split(' ', StringSplitOptions.RemoveEmptyEntries);
// SERVEBENCH_RAW_SPINNING=1 forces AllowSpinning on for raw ORT in the daemon's configuration whatever the daemons get;
// kept for the commands in bench/results that predate raw ORT following SERVEBENCH_DAEMON_ENV (which makes it redundant
// beside PITUNE_Inference__Models__0__AllowSpinning=true).
bool rawSpinning = Environment.GetEnvironmentVariable("SERVEBENCH_RAW_SPINNING") == "1";
int[] concurrencies = [1, 8, 32];
string baseDir = AppContext.BaseDirectory;
string modelPath = Path.Join(baseDir, "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");
List<(string Key, string Value)> daemonEnv = [.. (Environment.GetEnvironmentVariable("SERVEBENCH_DAEMON_ENV") ?? "")
    .Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
    .Select(pair => (pair.Split('=', 2)[0], pair.Split('=', 2).Length == 2 ? pair.Split('=', 2)[1] : ""))];

// The model's settings the daemons run with, which raw ORT's daemon configuration follows.
ModelOptions rawModel = DaemonModelSettings.Read(Path.Join(baseDir, "appsettings.json"), daemonEnv, rawSpinning);
int runners = rawModel.ResolveRunners();
int cores = Environment.ProcessorCount;

// The CPU left for ORT counts a busy runner as one core, which holds only when each runner's batch runs on its own
// thread: a runner of several intra-op threads uses more than one core while busy (0 is ORT's choice, one per core).
int intraOpThreads = rawModel.ResolveIntraOpThreads();
bool oneThreadPerRunner = (intraOpThreads > 0 ? intraOpThreads : cores) == 1;

Console.WriteLine($"# Serving benchmark: {Environment.ProcessorCount} CPUs, ONNX Runtime {OrtEnv.Instance().GetVersionString()}, {seconds} s per point, {rounds} round(s)");
Console.WriteLine($"raw ORT, daemon configuration: Runners {rawModel.Runners} (R = {runners}), intra-op threads {rawModel.ResolveIntraOpThreads()}{(rawModel.ResolveIntraOpThreads() == 0 ? " (ORT's choice)" : "")}, AllowSpinning {rawModel.AllowSpinning}{(rawSpinning ? " (SERVEBENCH_RAW_SPINNING=1)" : "")}, MemoryPattern {rawModel.MemoryPattern}");
Console.WriteLine("raw ORT, ORT defaults: graph optimizations All and nothing else (intra-op threads one per core, spinning on)");

// (a) raw ORT, (b) the wake-up floor: measured at the start of every round (RawOrt.cs, WakeUpFloor.cs).
int[] batchSizes = [1, 4, 8, 16, 32];
using var rawOrt = new RawOrt(modelPath, rawModel, seconds);

// (c) the real daemons (child processes, each on its own simulated Pi so nothing on this machine is touched), loaded by
// pitune bench's generator. All get the configuration beside this program (deploy/appsettings.json).
List<(string Name, string Path)> specs = [.. args.Skip(2).Select(a => (a.Split('=', 2)[0], a.Split('=', 2).Length == 2 ? a.Split('=', 2)[1] : a))];
if (specs.Count == 0)
{
    specs.Add(("jit", "jit"));
}

var daemons = new List<BenchDaemon>();
try
{
    foreach ((string name, string path) in specs)
    {
        daemons.Add(BenchDaemon.Start(name, path, baseDir, daemonEnv));
    }

    foreach (BenchDaemon daemon in daemons)
    {
        await daemon.WaitReadyAsync();
    }

    var ratios = new Dictionary<(string Daemon, string Mode, int Concurrency), List<double>>();
    var p99Met = new Dictionary<(string Daemon, string Mode, int Concurrency), int>();
    var gains = new Dictionary<(string Daemon, string Mode), List<double>>();
    var servedIps = new Dictionary<(string Daemon, string Mode, int Concurrency), List<double>>();
    var defaultRatios = new Dictionary<(string Daemon, string Mode, int Concurrency), List<double>>();
    var cpuLeft = new Dictionary<(string Daemon, string Mode, int Concurrency), List<double>>();
    List<double> roundTrips = [];
    List<double> oneCpuRoundTrips = [];
    List<double> twoCpusRoundTrips = [];
    List<double> ceilings = [];
    List<double> twoCpusCeilings = [];
    for (int round = 1; round <= rounds; round++)
    {
        Console.WriteLine();
        Console.WriteLine($"## Round {round} of {rounds}");
        var raw = new Dictionary<int, (double ItemsPerSecond, double MsPerBatch)>();
        var rawConcurrent = new Dictionary<int, (double ItemsPerSecond, double MsPerBatch)>();
        var ortDefaults = new Dictionary<int, (double ItemsPerSecond, double MsPerBatch)>();
        foreach (int batch in batchSizes)
        {
            raw[batch] = rawOrt.DaemonConfigSingle(batch);
            string line = $"raw ORT batch {batch,2}: daemon config {raw[batch].ItemsPerSecond,7:F1} items/s, {raw[batch].MsPerBatch,5:F2} ms per batch";
            if (runners > 1)
            {
                rawConcurrent[batch] = rawOrt.DaemonConfigConcurrent(batch, runners);
                line += $"; {runners} at once {rawConcurrent[batch].ItemsPerSecond,7:F1} items/s, {rawConcurrent[batch].MsPerBatch,5:F2} ms per batch per thread";
            }

            ortDefaults[batch] = rawOrt.OrtDefaultsSingle(batch);
            Console.WriteLine(line + $"; ORT defaults {ortDefaults[batch].ItemsPerSecond,7:F1} items/s, {ortDefaults[batch].MsPerBatch,5:F2} ms per batch");
        }

        double roundTripUs = WakeUpFloor.MeasureRoundTripMicroseconds(2, null, null);
        double oneCpuUs = WakeUpFloor.MeasureRoundTripMicroseconds(1, 0, 0);
        double twoCpusUs = Environment.ProcessorCount > 1 ? WakeUpFloor.MeasureRoundTripMicroseconds(1, 0, 1) : double.NaN;
        double ceiling = raw[1].MsPerBatch / (raw[1].MsPerBatch + (roundTripUs / 1000));
        roundTrips.Add(roundTripUs);
        oneCpuRoundTrips.Add(oneCpuUs);
        twoCpusRoundTrips.Add(twoCpusUs);
        ceilings.Add(ceiling);
        double twoCpusCeiling = raw[1].MsPerBatch / (raw[1].MsPerBatch + (twoCpusUs / 1000));
        twoCpusCeilings.Add(twoCpusCeiling);
        Console.WriteLine($"wake-up floor: 300-byte ping-pong between two threads over a Unix socket, {roundTripUs:F0} µs per round trip (pinned to one CPU {oneCpuUs:F0} µs, to two {twoCpusUs:F0} µs); ceiling at concurrency 1: {raw[1].MsPerBatch:F2} ms / ({raw[1].MsPerBatch:F2} + {roundTripUs / 1000:F3}) ms = {ceiling:F2} (no server over a socket on this machine can beat this at c = 1; {twoCpusCeiling:F2} with the round trip across two CPUs)");

        // The daemon configuration's figures a served point is judged against: one loop at concurrency 1, the runners'
        // loops at once above it.
        Dictionary<int, (double ItemsPerSecond, double MsPerBatch)> RawFor(int concurrency) => concurrency > 1 && runners > 1 ? rawConcurrent : raw;

        // Every other round the other daemon (and the other mode) goes first, so a drift of the machine's load does not
        // always favour one.
        foreach (BenchDaemon benchDaemon in round % 2 == 1 ? daemons : Enumerable.Reverse(daemons))
        {
            (string name, Process daemon, string socket) = (benchDaemon.Name, benchDaemon.Process, benchDaemon.Socket);
            using HttpClient stats = LoadGenerator.CreateClient(socket, 1);
            foreach (string mode in round % 2 == 1 ? modes : Enumerable.Reverse(modes))
            {
                var served = new Dictionary<int, LoadReport>();
                Console.WriteLine();
                Console.WriteLine(daemons.Count > 1 ? $"### daemon {name}, {mode}" : $"### {mode}");
                foreach (int concurrency in concurrencies)
                {
                    // Where the time goes: the session's busy share (server statistics) and the CPU the daemon and
                    // this load generator burn, as a share of all cores.
                    double busy0 = await BusySecondsAsync(stats);
                    TimeSpan client0 = Process.GetCurrentProcess().TotalProcessorTime;
                    daemon.Refresh();
                    TimeSpan server0 = daemon.TotalProcessorTime;
                    LoadReport report = await LoadGenerator.RunAsync(
                        new LoadOptions(socket, null, concurrency, TimeSpan.FromSeconds(seconds), Binary: true, Rows: 1, SharedMemory: mode == "shm"), CancellationToken.None);
                    double wall = report.Elapsed.TotalSeconds;
                    double busy = (await BusySecondsAsync(stats) - busy0) / wall;
                    double client = (Process.GetCurrentProcess().TotalProcessorTime - client0).TotalSeconds / (wall * Environment.ProcessorCount);
                    daemon.Refresh();
                    double server = (daemon.TotalProcessorTime - server0).TotalSeconds / (wall * Environment.ProcessorCount);
                    served[concurrency] = report;
                    Console.WriteLine(report);
                    Console.WriteLine($"  runners busy {busy:F2} of {runners} (busy seconds summed over the model's runners, per second of wall time); CPU of all cores: daemon {server:P0}, load generator {client:P0}");

                    // What serving left ORT of the cores raw ORT had to itself: the daemon's CPU beyond its runners' busy
                    // time is the serving's own work (HTTP, batching, copies), and the load generator shares the machine.
                    // Approximate even with one intra-op thread per runner: busy is wall time, so a runner preempted in a
                    // batch counts as a busy core; and other processes on the machine are not taken off (an upper bound on
                    // a shared machine).
                    if (oneThreadPerRunner)
                    {
                        double left = Math.Max(0, cores - ((server * cores) - busy) - (client * cores));
                        Add(cpuLeft, (name, mode, concurrency), left);
                        Console.WriteLine($"  CPU left for ORT: {left:F2} of {cores} cores ({cores} - daemon CPU beyond its runners' busy time - load generator CPU); raw ORT had all {cores}");
                    }
                    else
                    {
                        Console.WriteLine("  CPU left for ORT: n/a (runners use several threads)");
                    }

                    // Where the time goes: the session's own time per batch against raw ORT's at that batch size (ORT slowed by
                    // sharing the cores), and per request the wall time the runners sat idle (the round trip nothing overlapped).
                    long batches = report.ServerBatchSizes.Values.Sum();
                    double sessionMs = batches == 0 ? 0 : busy * wall * 1000 / batches;
                    double rawMs = Interpolate(RawFor(concurrency), report.MeanServerBatch).MsPerBatch;
                    double idleUsPerRequest = report.Ok == 0 ? 0 : (runners - busy) * wall * 1e6 / report.Ok;
                    Console.WriteLine($"  session {sessionMs:F2} ms per batch (raw ORT {rawMs:F2} ms at that batch{(concurrency > 1 && runners > 1 ? $", {runners} at once" : "")}: {sessionMs / rawMs:F2}x); runner idle {idleUsPerRequest:F0} µs per request");
                }

                Console.WriteLine();
                string rawBasis = runners > 1 ? $"daemon config: one loop at concurrency 1, {runners} at once above" : "daemon config, one loop";
                Console.WriteLine($"| mode | concurrency | served items/s | p50 ms | p95 ms | p99 ms | mean server batch | raw ORT items/s at that batch ({rawBasis}) | served / raw | ORT defaults items/s at that batch | served / ORT defaults | p99 bound (2 ms + 2 × batch run, {rawBasis}) |");
                Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
                foreach ((int concurrency, LoadReport r) in served)
                {
                    (double rawIps, double rawMs) = Interpolate(RawFor(concurrency), r.MeanServerBatch);
                    double defaultIps = Interpolate(ortDefaults, r.MeanServerBatch).ItemsPerSecond;
                    double bound = 2 + 2 * rawMs;
                    bool met = r.Ok > 0 && r.P99Ms <= bound;
                    Add(ratios, (name, mode, concurrency), r.ItemsPerSecond / rawIps);
                    Add(defaultRatios, (name, mode, concurrency), r.ItemsPerSecond / defaultIps);
                    Add(servedIps, (name, mode, concurrency), r.ItemsPerSecond);
                    p99Met[(name, mode, concurrency)] = p99Met.GetValueOrDefault((name, mode, concurrency)) + (met ? 1 : 0);
                    Console.WriteLine($"| {mode} | {concurrency} | {r.ItemsPerSecond:F1} | {r.P50Ms:F2} | {r.P95Ms:F2} | {r.P99Ms:F2} | {r.MeanServerBatch:F1} | {rawIps:F1} | {r.ItemsPerSecond / rawIps:F2} | {defaultIps:F1} | {r.ItemsPerSecond / defaultIps:F2} | {bound:F1} ms {(met ? "met" : "missed")} |");
                }

                Add(gains, (name, mode), served[32].ItemsPerSecond / served[1].ItemsPerSecond);
                Console.WriteLine($"dynamic-batching gain (concurrency 32 vs 1): {gains[(name, mode)][^1]:F2}x");
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine($"## Summary over {rounds} round(s): median served / raw ORT at the batch size the server formed (daemon config{(runners > 1 ? $": one loop at concurrency 1, {runners} at once above" : ", one loop")}; ORT defaults); p99 bound met in N of {rounds} rounds");
    Console.WriteLine();
    Console.WriteLine(daemons.Count > 1 ? "| daemon | mode | concurrency | served / raw, median | each round | served / ORT defaults, median | p99 bound met | CPU left for ORT, median |" : "| mode | concurrency | served / raw, median | each round | served / ORT defaults, median | p99 bound met | CPU left for ORT, median |");
    Console.WriteLine(daemons.Count > 1 ? "|---|---|---|---|---|---|---|---|" : "|---|---|---|---|---|---|---|");
    foreach (((string name, string mode, int concurrency), List<double> list) in ratios.OrderBy(r => r.Key.Daemon == daemons[0].Name ? 0 : 1).ThenBy(r => r.Key.Mode, StringComparer.Ordinal).ThenBy(r => r.Key.Concurrency))
    {
        Console.WriteLine($"| {(daemons.Count > 1 ? name + " | " : "")}{mode} | {concurrency} | {Median(list):F2} | {string.Join(", ", list.Select(x => x.ToString("F2", c)))} | {Median(defaultRatios[(name, mode, concurrency)]):F2} | met in {p99Met[(name, mode, concurrency)]} of {rounds} rounds | {(cpuLeft.TryGetValue((name, mode, concurrency), out List<double>? left) ? $"{Median(left):F2} of {cores} cores" : "n/a")} |");
    }

    Console.WriteLine();
    Console.WriteLine($"wake-up floor, median: {Median(roundTrips):F0} µs per round trip (each round: {string.Join(", ", roundTrips.Select(x => x.ToString("F0", c)))}; pinned to one CPU {Median(oneCpuRoundTrips):F0} µs, to two {Median(twoCpusRoundTrips):F0} µs); ceiling at concurrency 1 {Median(ceilings):F2} (each round: {string.Join(", ", ceilings.Select(x => x.ToString("F2", c)))}; {Median(twoCpusCeilings):F2} with the round trip across two CPUs)");
    foreach (((string name, string mode), List<double> list) in gains)
    {
        Console.WriteLine($"dynamic-batching gain (concurrency 32 vs 1), median, {mode}{(daemons.Count > 1 ? " for " + name : "")}: {Median(list):F2}x");
    }

    if (daemons.Count > 1)
    {
        string first = daemons[0].Name;
        Console.WriteLine();
        Console.WriteLine($"## Served items/s as a ratio of {first}'s, round by round (same round, same minutes)");
        Console.WriteLine();
        Console.WriteLine("| daemon | mode | concurrency | median | each round |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (string name in daemons.Skip(1).Select(d => d.Name))
        {
            foreach (string mode in modes)
            {
                foreach (int concurrency in concurrencies)
                {
                    List<double> each = [.. servedIps[(name, mode, concurrency)].Zip(servedIps[(first, mode, concurrency)], (x, y) => x / y)];
                    Console.WriteLine($"| {name} | {mode} | {concurrency} | {Median(each):F2} | {string.Join(", ", each.Select(x => x.ToString("F2", c)))} |");
                }
            }
        }
    }
}
finally
{
    foreach (BenchDaemon daemon in daemons)
    {
        daemon.Dispose();
    }
}

static void Add<TKey>(Dictionary<TKey, List<double>> lists, TKey key, double value)
    where TKey : notnull
{
    (lists.TryGetValue(key, out List<double>? list) ? list : lists[key] = []).Add(value);
}

static double Median(List<double> values)
{
    double[] sorted = [.. values.Order()];
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static async Task<double> BusySecondsAsync(HttpClient client)
{
    using var doc = JsonDocument.Parse(await client.GetStringAsync("/v2/models/text-direction/stats"));
    return doc.RootElement.GetProperty("busy_seconds").GetDouble();
}

// Raw throughput at a fractional mean batch size: linear between the measured neighbours.
static (double ItemsPerSecond, double MsPerBatch) Interpolate(Dictionary<int, (double ItemsPerSecond, double MsPerBatch)> raw, double batch)
{
    int[] sizes = [.. raw.Keys.Order()];
    if (batch <= sizes[0])
    {
        return raw[sizes[0]];
    }

    for (int i = 1; i < sizes.Length; i++)
    {
        if (batch <= sizes[i])
        {
            double t = (batch - sizes[i - 1]) / (sizes[i] - sizes[i - 1]);
            (double a, double am) = raw[sizes[i - 1]];
            (double b, double bm) = raw[sizes[i]];
            return (a + (t * (b - a)), am + (t * (bm - am)));
        }
    }

    return raw[sizes[^1]];
}
