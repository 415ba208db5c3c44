using System.Text.Json;

namespace PiTune.Cli;

/// <summary>What <c>pitune top</c> takes from <c>GET /status</c> besides the history: the words, not the figures.</summary>
internal sealed record TopStatus(string Version, double UptimeSeconds, bool Simulated, string? Governor, string? Profile, string? PressureState, int ModelsReady, int Models)
{
    /// <summary>The latest snapshot's sequence number (null before the first tick).</summary>
    public long? Sequence { get; init; }

    public static TopStatus Parse(JsonElement root)
    {
        root.TryGetProperty("cpu", out JsonElement cpu);
        root.TryGetProperty("memory", out JsonElement memory);
        int ready = 0, models = 0;
        if (root.TryGetProperty("models", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement m in list.EnumerateArray())
            {
                models++;
                ready += TopSample.Text(m, "state") == "ready" ? 1 : 0;
            }
        }

        return new TopStatus(
            TopSample.Text(root, "version") ?? "?",
            TopSample.Number(root, "uptime_seconds") ?? 0,
            root.TryGetProperty("simulated", out JsonElement sim) && sim.ValueKind == JsonValueKind.True,
            TopSample.Text(cpu, "governor"),
            ProfileOf(root),
            TopSample.Text(memory, "pressure_state"),
            ready,
            models)
        {
            Sequence = root.TryGetProperty("snapshot", out JsonElement snapshot) && TopSample.Number(snapshot, "sequence") is { } sequence ? (long)sequence : null,
        };
    }

    // Profiles (issue 14, part 1) may report "profile" as a name or as an object with one; older daemons have none.
    private static string? ProfileOf(JsonElement root)
    {
        if (!root.TryGetProperty("profile", out JsonElement p))
        {
            return null;
        }

        return p.ValueKind switch
        {
            JsonValueKind.String => p.GetString(),
            JsonValueKind.Object => TopSample.Text(p, "name") ?? TopSample.Text(p, "active"),
            _ => null,
        };
    }
}
