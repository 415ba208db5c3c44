using System.Globalization;
using System.Text;

namespace PiTune.Cli.Bench;

/// <summary>What one load run measured, client side and as the server saw it.</summary>
internal sealed record LoadReport(
    string Model,
    int Concurrency,
    bool Binary,
    int Rows,
    TimeSpan Elapsed,
    long Ok,
    IReadOnlyDictionary<int, long> Errors,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    IReadOnlyDictionary<int, long> ServerBatchSizes,
    bool SharedMemory = false)
{
    /// <summary>How the tensors travelled: "shared-memory", "binary" or "JSON".</summary>
    public string Transport => SharedMemory ? "shared-memory" : Binary ? "binary" : "JSON";

    public double RequestsPerSecond => Ok / Elapsed.TotalSeconds;

    public double ItemsPerSecond => Ok * Rows / Elapsed.TotalSeconds;

    /// <summary>Mean rows per batch the server formed during the run.</summary>
    public double MeanServerBatch
    {
        get
        {
            long batches = ServerBatchSizes.Values.Sum();
            return batches == 0 ? 0 : ServerBatchSizes.Sum(kv => (double)kv.Key * kv.Value) / batches;
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"model {Model}, concurrency {Concurrency}, {Transport} tensors, {Rows} item(s) per request, {Elapsed.TotalSeconds:F1} s");
        text.AppendLine(c, $"  throughput  {RequestsPerSecond:F1} requests/s ({ItemsPerSecond:F1} items/s), {Ok} ok");
        text.AppendLine(c, $"  latency     p50 {P50Ms:F2} ms, p95 {P95Ms:F2} ms, p99 {P99Ms:F2} ms");
        if (Errors.Count > 0)
        {
            text.AppendLine(c, $"  errors      {string.Join(", ", Errors.OrderBy(e => e.Key).Select(e => $"HTTP {e.Key}: {e.Value}"))}");
        }

        text.Append(c, $"  server batches (rows: count)  {string.Join(", ", ServerBatchSizes.OrderBy(b => b.Key).Select(b => $"{b.Key}: {b.Value}"))}  mean {MeanServerBatch:F1}");
        return text.ToString();
    }
}
