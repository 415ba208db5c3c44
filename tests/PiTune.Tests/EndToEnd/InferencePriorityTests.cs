using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>
/// Every thread that runs inference in the daemon — the batcher's worker and ONNX Runtime's intra-op pool — carries the
/// Priority settings, read back from the daemon's own <c>/proc/&lt;pid&gt;/task/*</c> (the child process only: nothing
/// else on this machine is touched), and a reload reaches them while they run.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class InferencePriorityTests : IDisposable
{
    private const string Model = "text-direction";
    private const int IntraOpThreads = 3; // the calling (batcher) thread and two pool threads
    private const int Runners = 2; // two batcher workers: each gets the settings
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new();

    [RootFact]
    public async Task The_batcher_and_onnx_runtime_pool_threads_get_nice_and_cpus_and_a_reloaded_nice_reaches_them_live()
    {
        RootFactAttribute.Require();
        string config = WriteConfig(nice: -10);
        string simRoot = _dir.Combine("sim");
        using DaemonProcess daemon = DaemonProcess.Start(
            ["run", "--simulate", "--sim-root", simRoot, "--config", config, "--Log:Target=Console", "--for", "60s"]);
        daemon.WaitForOutput($"Model {Model} ready", Limit);

        // The batcher's workers, IntraOpThreads - 1 pool threads and any other thread ONNX Runtime started for the session
        // (1.31 starts one more, idle); every other thread of the daemon keeps nice 0.
        daemon.WaitForOutput("pool thread(s)", Limit);
        List<TaskInfo> threads = Threads(daemon.Id);
        List<TaskInfo> inference = threads.Where(t => t.Nice == -10).ToList();
        string all = string.Join("\n", threads);
        Assert.Equal(Runners, inference.Count(t => t.Name.StartsWith("pitune-infer", StringComparison.Ordinal)));
        Assert.True(inference.Count(t => !t.Name.StartsWith("pitune-infer", StringComparison.Ordinal)) >= IntraOpThreads - 1, all);
        Assert.All(inference, t => Assert.Equal("1", t.CpusAllowed));
        Assert.All(threads.Except(inference), t => Assert.Equal(0, t.Nice));

        // A thread that ran after it was set up ran on CPU 1 only.
        using HttpClient client = UnixHttp.Client(Path.Join(simRoot, "run/pitune/pitune.sock"));
        for (int i = 0; i < 8; i++)
        {
            await InferAsync(client);
        }

        foreach (TaskInfo before in inference)
        {
            if (Read(daemon.Id, before.Tid) is { } after && after.CpuTicks > before.CpuTicks)
            {
                Assert.Equal(1, after.Processor);
            }
        }

        // A reload reaches the running threads: no restart, no new threads.
        File.WriteAllText(config, ConfigText(nice: -4));
        daemon.Signal(DaemonProcess.SIGHUP);
        daemon.WaitForOutput($"applied to the {inference.Count} running inference thread(s)", Limit);
        List<TaskInfo> reloaded = Threads(daemon.Id).Where(t => t.Nice == -4).ToList();
        Assert.Equal(inference.Select(t => t.Tid).Order(), reloaded.Select(t => t.Tid).Order());

        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, daemon.WaitForExit(Limit));
    }

    private string WriteConfig(int nice) => _dir.WriteFile("appsettings.json", ConfigText(nice));

    /// <summary>The shipped configuration with this test's Priority section, intra-op thread count and runners.</summary>
    private static string ConfigText(int nice)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(RepoPaths.SampleConfig), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        root["Priority"] = new JsonObject { ["Nice"] = nice, ["InferenceCpus"] = "1", ["HousekeepingCpus"] = "0" };
        foreach (JsonNode? model in root["Inference"]!["Models"]!.AsArray())
        {
            model!["IntraOpThreads"] = IntraOpThreads;
            model["Runners"] = Runners;
        }

        return root.ToJsonString();
    }

    private static List<TaskInfo> Threads(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task")
            .Select(d => Read(pid, int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture)))
            .OfType<TaskInfo>()
            .ToList();

    /// <summary>One thread as proc(5) shows it: stat's comm, utime+stime (14, 15), nice (19), processor (39); status's Cpus_allowed_list.</summary>
    private static TaskInfo? Read(int pid, int tid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/task/{tid}/stat");
            string status = File.ReadAllText($"/proc/{pid}/task/{tid}/status");
            int open = stat.IndexOf('(', StringComparison.Ordinal);
            int close = stat.LastIndexOf(')');
            string[] f = stat[(close + 2)..].Split(' '); // f[0] is field 3 (state)
            string cpus = status.Split('\n').Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();
            return new TaskInfo(tid, stat[(open + 1)..close], long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture),
                int.Parse(f[16], CultureInfo.InvariantCulture), int.Parse(f[36], CultureInfo.InvariantCulture), cpus);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the thread ended
        }
    }

    private static async Task InferAsync(HttpClient client)
    {
        var json = new StringBuilder("""{"inputs":[{"name":"x","shape":[1,3,48,192],"datatype":"FP32","data":[""");
        json.AppendJoin(',', Enumerable.Range(0, 3 * 48 * 192).Select(i => ((i % 192) / 191f).ToString("R", CultureInfo.InvariantCulture)));
        json.Append("]}]}");
        using HttpResponseMessage response = await client.PostAsync($"/v2/models/{Model}/infer", new StringContent(json.ToString(), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed record TaskInfo(int Tid, string Name, long CpuTicks, int Nice, int Processor, string CpusAllowed)
    {
        public bool Equals(TaskInfo? other) => other is not null && Tid == other.Tid;

        public override int GetHashCode() => Tid;
    }

    public void Dispose() => _dir.Dispose();
}
