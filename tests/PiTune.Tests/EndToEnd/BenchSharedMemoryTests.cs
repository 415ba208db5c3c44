using System.Net.Sockets;
using System.Text.Json;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>
/// <c>pitune bench --shm</c> against a real daemon on the simulated Pi: requests go through one region per worker, and
/// whatever way the run ends (its duration, Ctrl-C, a region the daemon refuses) the regions are unregistered and their
/// files gone from /dev/shm.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class BenchSharedMemoryTests : IDisposable
{
    private const string Model = "text-direction";
    private const int SIGINT = 2;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_run_through_shared_memory_is_served_in_batches_and_leaves_no_region_or_file()
    {
        (DaemonProcess daemon, string socket) = StartDaemon();
        using (daemon)
        {
            using HttpClient client = UnixHttp.Client(socket);
            long before = await BatchedRowsAsync(client);

            using DaemonProcess bench = DaemonProcess.Start(["bench", "--shm", "--duration", "2s", "--concurrency", "4", "--socket", socket]);
            Assert.Equal(0, bench.WaitForExit(Limit));

            Assert.Contains("shared-memory tensors", bench.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("HTTP 400", bench.Output, StringComparison.Ordinal); // every request named its region rightly
            long ok = long.Parse(bench.Output.Split(" ok")[0].Split(", ")[^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(ok > 0, bench.Output);
            Assert.True(await BatchedRowsAsync(client) - before >= ok, "the daemon ran every request the bench counted");
            AssertCleanedUp(bench.Id);
            Assert.Equal("[]", await client.GetStringAsync("/v2/systemsharedmemory/status"));
        }
    }

    [Fact]
    public async Task Ctrl_C_during_a_run_unregisters_the_regions_and_removes_their_files()
    {
        (DaemonProcess daemon, string socket) = StartDaemon();
        using (daemon)
        {
            using HttpClient client = UnixHttp.Client(socket);
            using DaemonProcess bench = DaemonProcess.Start(["bench", "--shm", "--duration", "10m", "--concurrency", "3", "--socket", socket]);
            await WaitForRegionsAsync(client, 3);
            Assert.True(Directory.GetFiles("/dev/shm", $"pitune-bench-{bench.Id}-*").Length == 3);

            bench.Signal(SIGINT);
            int exit = bench.WaitForExit(Limit);

            Assert.True(exit is 0 or 1, bench.Output);
            AssertCleanedUp(bench.Id);
            Assert.Equal("[]", await client.GetStringAsync("/v2/systemsharedmemory/status"));
        }
    }

    [Fact]
    public async Task A_region_the_daemon_refuses_ends_the_run_with_its_message_and_removes_what_was_made()
    {
        (DaemonProcess daemon, string socket) = StartDaemon("--Api:SharedMemory:MaxRegions=2");
        using (daemon)
        {
            using HttpClient client = UnixHttp.Client(socket);
            using DaemonProcess bench = DaemonProcess.Start(["bench", "--shm", "--duration", "1s", "--concurrency", "3", "--socket", socket]);

            Assert.Equal(69, bench.WaitForExit(Limit));
            Assert.Contains("Api:SharedMemory:MaxRegions", bench.Output, StringComparison.Ordinal);
            AssertCleanedUp(bench.Id);
            Assert.Equal("[]", await client.GetStringAsync("/v2/systemsharedmemory/status"));
        }
    }

    private (DaemonProcess Daemon, string Socket) StartDaemon(params string[] extra)
    {
        string simRoot = _dir.Combine("sim");
        DaemonProcess daemon = DaemonProcess.Start(
            ["run", "--simulate", "--sim-root", simRoot, "--config", RepoPaths.SampleConfig, "--Log:Target=Console", .. extra]);
        daemon.WaitForOutput($"Model {Model} ready", Limit);
        return (daemon, Path.Join(simRoot, "run/pitune/pitune.sock"));
    }

    private static void AssertCleanedUp(int benchPid) => Assert.Empty(Directory.GetFiles("/dev/shm", $"pitune-bench-{benchPid}-*"));

    private static async Task WaitForRegionsAsync(HttpClient client, int count)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using JsonDocument status = JsonDocument.Parse(await client.GetStringAsync("/v2/systemsharedmemory/status"));
            if (status.RootElement.GetArrayLength() >= count)
            {
                return;
            }

            Assert.True(watch.Elapsed < Limit, $"{count} regions not registered within {Limit}");
            await Task.Delay(20);
        }
    }

    private static async Task<long> BatchedRowsAsync(HttpClient client)
    {
        using JsonDocument stats = JsonDocument.Parse(await client.GetStringAsync($"/v2/models/{Model}/stats"));
        return stats.RootElement.GetProperty("batch_sizes").EnumerateObject().Sum(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture) * p.Value.GetInt64());
    }
}
