using PiTune.Api;
using PiTune.Cli;
using PiTune.Tests.Api;
using PiTune.Tests.Telemetry;
using PiTune.Tests.Support;

namespace PiTune.Tests.Cli;

/// <summary><c>pitune top</c>'s client against the real API over a Unix socket.</summary>
public sealed class TopClientTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task After_the_whole_history_only_new_snapshots_are_added_and_a_restarted_daemons_history_replaces_the_old()
    {
        string socket = _dir.Combine("pitune.sock");
        using var client = new TopClient(socket);
        await using (ApiTestServer first = await ApiTestServer.StartAsync(new ApiOptions { SocketPath = socket }))
        {
            for (long i = 1; i <= 5; i++)
            {
                first.History.Record(SnapshotHistoryTests.At(i));
            }

            first.Bus.Publish(SnapshotHistoryTests.At(5));
            await client.RefreshAsync(CancellationToken.None);
            Assert.Equal([1L, 2, 3, 4, 5], client.Samples.Select(s => s.Sequence));

            // A daemon without profiles (no /profile, none in /status): no profile, and no error.
            Assert.Null(client.Status?.Profile);

            first.History.Record(SnapshotHistoryTests.At(6));
            first.Bus.Publish(SnapshotHistoryTests.At(6));
            await client.RefreshAsync(CancellationToken.None);
            Assert.Equal([1L, 2, 3, 4, 5, 6], client.Samples.Select(s => s.Sequence));
        }

        // The daemon restarts: its ticks count from 1 again.
        await using ApiTestServer second = await ApiTestServer.StartAsync(new ApiOptions { SocketPath = socket });
        second.History.Record(SnapshotHistoryTests.At(1));
        second.History.Record(SnapshotHistoryTests.At(2));
        second.Bus.Publish(SnapshotHistoryTests.At(2));
        await client.RefreshAsync(CancellationToken.None);
        Assert.Equal([1L, 2], client.Samples.Select(s => s.Sequence));
    }

    public void Dispose() => _dir.Dispose();
}
