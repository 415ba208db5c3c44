using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PiTune.Cli.Bench;
using PiTune.Inference.Models;

// End-to-end serving benchmark (issues 3 and 13): in one run,
//   (a) raw in-process ONNX Runtime throughput on the bundled model at batch sizes 1, 4, 8, 16, 32;
//   (b) `pitune bench` load through the daemon's Unix socket at concurrency 1, 8, 32, in both modes: binary tensors in
//       the HTTP body, and shared memory (Triton's system_shared_memory: one region per worker, `pitune bench --shm`);
// then (b)/(a) at the batch size the server formed, the p99 bound (2 ms + 2 x raw ORT's run time at that batch size)
// per round, and the dynamic-batching gain (32 vs 1).
// Each round measures (a) then (b), so every ratio compares figures taken a minute apart at most; the summary gives the
// median over the rounds and in how many rounds the p99 bound was met, per mode and concurrency.
// dotnet run -c Release --project bench/PiTune.ServeBench -- [seconds-per-point (5)] [rounds (9)] [name=daemon ...]
// A daemon is `jit` (this build's pitune.dll under `dotnet`, the default) or the path of a pitune binary (e.g. a Native
// AOT publish: `aot=/tmp/aot/pitune`). With several, all run from the start on their own simulated Pi, each round
// measures them one after the other (the order reversed every other round), and the summary adds each one's served
// throughput as a ratio of the first one's, round by round: two builds compared in the same minutes of this machine.
// SERVEBENCH_DAEMON_ENV="KEY=VALUE ..." is given to the daemons only (e.g. the unit's Environment= lines:
// SERVEBENCH_DAEMON_ENV="$(sed -n 's/^Environment=//p' systemd/pitune.service)"), not to this load generator.
CultureInfo c = CultureInfo.InvariantCulture;
double seconds = args.Length > 0 ? double.Parse(args[0], c) : 5;
int rounds = args.Length > 1 ? int.Parse(args[1], c) : 9;
// SERVEBENCH_MODES="binary" leaves shared memory out (a daemon built before it).
string[] modes = (Environment.GetEnvironmentVariable("SERVEBENCH_MODES") ?? "binary shm").Split(' ', StringSplitOptions.RemoveEmptyEntries);
// SERVEBENCH_RAW_SPINNING=1 lets raw ORT's pool threads spin (session.intra_op.allow_spinning), for comparing with daemons
// given PITUNE_Inference__Models__0__AllowSpinning=true through SERVEBENCH_DAEMON_ENV: raw then has the same settings.
bool rawSpinning = Environment.GetEnvironmentVariable("SERVEBENCH_RAW_SPINNING") == "1";
int[] concurrencies = [1, 8, 32];
string baseDir = AppContext.BaseDirectory;
string modelPath = Path.Join(baseDir, "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");
int[] item = [3, 48, 192];
int itemElements = 3 * 48 * 192;

Console.WriteLine($"# Serving benchmark: {Environment.ProcessorCount} CPUs, ONNX Runtime {OrtEnv.Instance().GetVersionString()}, {seconds} s per point, {rounds} round(s){(rawSpinning ? ", raw ORT spinning" : "")}");

// (a) raw ORT, same session settings as the daemon (graph optimizations All, intra-op threads ORT's default). The session
// stays open for the whole run: each round measures raw ORT right before the served points it is compared with, so
// a ratio is never taken across minutes of this shared machine's changing load.
int[] batchSizes = [1, 4, 8, 16, 32];
using SessionOptions rawOptions = ModelLoader.CreateSessionOptions(new ModelOptions { AllowSpinning = rawSpinning }, GraphOptimization.All);
using var rawSession = new InferenceSession(modelPath, rawOptions);

(double ItemsPerSecond, double MsPerBatch) MeasureRaw(int batch)
{
    float[] input = new float[batch * itemElements];
    for (int i = 0; i < input.Length; i++)
    {
        input[i] = (float)((i % 255) / 255.0);
    }

    float[] output = new float[batch * 2];
    using OrtValue inValue = OrtValue.CreateTensorValueFromMemory(input, [batch, .. item.Select(d => (long)d)]);
    using OrtValue outValue = OrtValue.CreateTensorValueFromMemory(output, [batch, 2]);
    using var runOptions = new RunOptions();
    string[] inNames = ["x"];
    string[] outNames = [rawSession.OutputMetadata.Keys.First()];
    OrtValue[] ins = [inValue];
    OrtValue[] outs = [outValue];
    for (int w = 0; w < 3; w++)
    {
        rawSession.Run(runOptions, inNames, ins, outNames, outs);
    }

    long runs = 0;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed.TotalSeconds < seconds)
    {
        rawSession.Run(runOptions, inNames, ins, outNames, outs);
        runs++;
    }

    return (runs * batch / sw.Elapsed.TotalSeconds, sw.Elapsed.TotalMilliseconds / runs);
}

// (b) the real daemons (child processes, each on its own simulated Pi so nothing on this machine is touched), loaded by
// pitune bench's generator. All get the configuration beside this program (deploy/appsettings.json).
List<(string Name, string Path)> specs = [.. args.Skip(2).Select(a => (a.Split('=', 2)[0], a.Split('=', 2).Length == 2 ? a.Split('=', 2)[1] : a))];
if (specs.Count == 0)
{
    specs.Add(("jit", "jit"));
}

var daemons = new List<(string Name, Process Process, string Socket, string Root)>();
try
{
    foreach ((string name, string path) in specs)
    {
        string simRoot = Directory.CreateTempSubdirectory("pitune-servebench-").FullName;
        bool jit = path == "jit";
        var info = new ProcessStartInfo(jit ? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet" : Path.GetFullPath(path))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string pair in (Environment.GetEnvironmentVariable("SERVEBENCH_DAEMON_ENV") ?? "").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            info.Environment[pair.Split('=', 2)[0]] = pair.Split('=', 2).Length == 2 ? pair.Split('=', 2)[1] : "";
        }

        foreach (string a in (string[])[.. (jit ? [Path.Join(baseDir, "pitune.dll")] : Array.Empty<string>()), "run", "--simulate", "--sim-root", simRoot, "--config", Path.Join(baseDir, "appsettings.json"), "--Log:Target=Console",
                     // one region per load-generator worker: concurrency 32 needs more than the default 16
                     "--Api:SharedMemory:MaxRegions=64"])
        {
            info.ArgumentList.Add(a);
        }

        Process process = Process.Start(info)!;
        daemons.Add((name, process, Path.Join(simRoot, "run/pitune/pitune.sock"), simRoot));
        Console.WriteLine($"daemon {name}: {(jit ? "dotnet " + Path.Join(baseDir, "pitune.dll") : Path.GetFullPath(path))}, PID {process.Id}, environment added: {Environment.GetEnvironmentVariable("SERVEBENCH_DAEMON_ENV") ?? "none"}");
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("ready on", StringComparison.Ordinal) == true || e.Data?.Contains("ERR", StringComparison.Ordinal) == true) { Console.WriteLine($"daemon {name}: " + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.WriteLine($"daemon {name}: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    foreach ((string name, _, string socket, _) in daemons)
    {
        using HttpClient probe = LoadGenerator.CreateClient(socket, 1);
        var wait = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/v2/health/ready")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (wait.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"daemon {name} not ready in 60 s");
            }

            await Task.Delay(100);
        }
    }

    var ratios = new Dictionary<(string Daemon, string Mode, int Concurrency), List<double>>();
    var p99Met = new Dictionary<(string Daemon, string Mode, int Concurrency), int>();
    var gains = new Dictionary<(string Daemon, string Mode), List<double>>();
    var servedIps = new Dictionary<(string Daemon, string Mode, int Concurrency), List<double>>();
    for (int round = 1; round <= rounds; round++)
    {
        Console.WriteLine();
        Console.WriteLine($"## Round {round} of {rounds}");
        var raw = new Dictionary<int, (double ItemsPerSecond, double MsPerBatch)>();
        foreach (int batch in batchSizes)
        {
            raw[batch] = MeasureRaw(batch);
            Console.WriteLine($"raw ORT batch {batch,2}: {raw[batch].ItemsPerSecond,8:F1} items/s, {raw[batch].MsPerBatch:F2} ms per batch");
        }

        // Every other round the other daemon (and the other mode) goes first, so a drift of the machine's load does not
        // always favour one.
        foreach ((string name, Process daemon, string socket, _) in round % 2 == 1 ? daemons : Enumerable.Reverse(daemons))
        {
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
                    Console.WriteLine($"  session busy {busy:P0} of wall time; CPU of all cores: daemon {server:P0}, load generator {client:P0}");

                    // Where the time goes: the session's own time per batch against raw ORT's at that batch size (ORT slowed by
                    // sharing the cores), and per request the wall time the session sat idle (the round trip nothing overlapped).
                    long batches = report.ServerBatchSizes.Values.Sum();
                    double sessionMs = batches == 0 ? 0 : busy * wall * 1000 / batches;
                    double rawMs = Interpolate(raw, report.MeanServerBatch).MsPerBatch;
                    double idleUsPerRequest = report.Ok == 0 ? 0 : (1 - busy) * wall * 1e6 / report.Ok;
                    Console.WriteLine($"  session {sessionMs:F2} ms per batch (raw ORT {rawMs:F2} ms at that batch: {sessionMs / rawMs:F2}x); session idle {idleUsPerRequest:F0} µs per request");
                }

                Console.WriteLine();
                Console.WriteLine("| mode | concurrency | served items/s | p50 ms | p95 ms | p99 ms | mean server batch | raw ORT items/s at that batch | served / raw | p99 bound (2 ms + 2 × batch run) |");
                Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
                foreach ((int concurrency, LoadReport r) in served)
                {
                    (double rawIps, double rawMs) = Interpolate(raw, r.MeanServerBatch);
                    double bound = 2 + 2 * rawMs;
                    bool met = r.Ok > 0 && r.P99Ms <= bound;
                    Add(ratios, (name, mode, concurrency), r.ItemsPerSecond / rawIps);
                    Add(servedIps, (name, mode, concurrency), r.ItemsPerSecond);
                    p99Met[(name, mode, concurrency)] = p99Met.GetValueOrDefault((name, mode, concurrency)) + (met ? 1 : 0);
                    Console.WriteLine($"| {mode} | {concurrency} | {r.ItemsPerSecond:F1} | {r.P50Ms:F2} | {r.P95Ms:F2} | {r.P99Ms:F2} | {r.MeanServerBatch:F1} | {rawIps:F1} | {r.ItemsPerSecond / rawIps:F2} | {bound:F1} ms {(met ? "met" : "missed")} |");
                }

                Add(gains, (name, mode), served[32].ItemsPerSecond / served[1].ItemsPerSecond);
                Console.WriteLine($"dynamic-batching gain (concurrency 32 vs 1): {gains[(name, mode)][^1]:F2}x");
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine($"## Summary over {rounds} round(s): median served / raw at the batch size the server formed; p99 bound met in N of {rounds} rounds");
    Console.WriteLine();
    Console.WriteLine(daemons.Count > 1 ? "| daemon | mode | concurrency | served / raw, median | each round | p99 bound met |" : "| mode | concurrency | served / raw, median | each round | p99 bound met |");
    Console.WriteLine(daemons.Count > 1 ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|");
    foreach (((string name, string mode, int concurrency), List<double> list) in ratios.OrderBy(r => r.Key.Daemon == daemons[0].Name ? 0 : 1).ThenBy(r => r.Key.Mode, StringComparer.Ordinal).ThenBy(r => r.Key.Concurrency))
    {
        Console.WriteLine($"| {(daemons.Count > 1 ? name + " | " : "")}{mode} | {concurrency} | {Median(list):F2} | {string.Join(", ", list.Select(x => x.ToString("F2", c)))} | met in {p99Met[(name, mode, concurrency)]} of {rounds} rounds |");
    }

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
        foreach ((string name, _, _, _) in daemons.Skip(1))
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
    foreach ((_, Process daemon, _, string root) in daemons)
    {
        daemon.Kill(entireProcessTree: true);
        daemon.WaitForExit();
        daemon.Dispose();
        Directory.Delete(root, recursive: true);
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
    using var doc = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/v2/models/text-direction/stats"));
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
