using PiTune.Core.Metrics;
using PiTune.Core.Sampling;
using PiTune.Telemetry;
using PiTune.Tests.Api;
using PiTune.Tests.Support;

namespace PiTune.Tests.Telemetry;

/// <summary>The ring behind <c>/status/history</c>: its size, what it keeps, and what it costs.</summary>
public sealed class SnapshotHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    internal static ResourceMetrics At(long sequence, double? temperature = 50)
    {
        ResourceMetrics s = StatusFixture.Snapshot(temperature);
        return new ResourceMetrics(sequence, Start.AddSeconds(sequence), s.Cpu, s.Memory, s.Thermal, s.Accelerator, s.Pool);
    }

    [Fact]
    public void Ten_minutes_at_one_second_is_600_entries_and_a_full_ring_keeps_the_newest_oldest_first()
    {
        var history = new SnapshotHistory(new MutableOptionsMonitor<SamplingOptions>(new SamplingOptions()));
        Assert.Equal(600, history.Capacity);
        for (long i = 1; i <= 1000; i++)
        {
            history.Record(At(i));
        }

        HistorySample[] all = history.Read();
        Assert.Equal(600, all.Length);
        Assert.Equal(401, all[0].Sequence);
        Assert.Equal(1000, all[^1].Sequence);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.Second.Sequence == p.First.Sequence + 1));
    }

    [Fact]
    public void Since_and_a_time_window_return_only_the_newer_entries()
    {
        var history = new SnapshotHistory(new MutableOptionsMonitor<SamplingOptions>(new SamplingOptions()));
        for (long i = 1; i <= 20; i++)
        {
            history.Record(At(i));
        }

        Assert.Equal([18L, 19, 20], history.Read(afterSequence: 17).Select(s => s.Sequence));
        Assert.Empty(history.Read(afterSequence: 20));
        Assert.Equal([15L, 16, 17, 18, 19, 20], history.Read(notBefore: Start.AddSeconds(15)).Select(s => s.Sequence));
        Assert.Equal([19L, 20], history.Read(afterSequence: 18, notBefore: Start.AddSeconds(5)).Select(s => s.Sequence));
    }

    [Fact]
    public void A_reload_that_shortens_the_span_keeps_the_newest_entries_and_zero_keeps_none()
    {
        var sampling = new MutableOptionsMonitor<SamplingOptions>(new SamplingOptions());
        var history = new SnapshotHistory(sampling);
        for (long i = 1; i <= 100; i++)
        {
            history.Record(At(i));
        }

        sampling.CurrentValue = new SamplingOptions { HistorySpan = TimeSpan.FromSeconds(10), Interval = TimeSpan.FromSeconds(2) };
        history.Record(At(101));
        Assert.Equal(5, history.Capacity);
        Assert.Equal([97L, 98, 99, 100, 101], history.Read().Select(s => s.Sequence));

        sampling.CurrentValue = new SamplingOptions { HistorySpan = TimeSpan.Zero };
        history.Record(At(102));
        Assert.Equal(0, history.Capacity);
        Assert.Empty(history.Read());
    }

    [Fact]
    public void A_reading_that_could_not_be_taken_stays_missing_rather_than_zero()
    {
        var history = new SnapshotHistory(new MutableOptionsMonitor<SamplingOptions>(new SamplingOptions()));
        history.Record(At(1, temperature: null));
        HistorySample sample = Assert.Single(history.Read());
        Assert.True(float.IsNaN(sample.TemperatureC));
        Assert.Equal(1_800_000, sample.FrequencyKHz);
        Assert.Equal(2_000_000, sample.ThermalCapKHz);
        Assert.Equal(3100, sample.FanRpm);
    }

    [Fact]
    public void The_ring_costs_its_entries_times_the_entry_size_once_and_recording_allocates_nothing()
    {
        var sampling = new MutableOptionsMonitor<SamplingOptions>(new SamplingOptions());
        ResourceMetrics[] snapshots = [.. Enumerable.Range(1, 1200).Select(i => At(i))];

        long before = GC.GetAllocatedBytesForCurrentThread();
        var history = new SnapshotHistory(sampling);
        long ring = GC.GetAllocatedBytesForCurrentThread() - before;

        // A first lap fills the ring, so the laps measured overwrite entries as a long-running daemon does.
        foreach (ResourceMetrics s in snapshots.Take(600))
        {
            history.Record(s);
        }

        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 600; i < snapshots.Length; i++)
        {
            history.Record(snapshots[i]);
        }

        long recording = GC.GetAllocatedBytesForCurrentThread() - before;

        // docs/api.md states these: 88 bytes an entry, 600 entries, so ~52 KiB for the default ten minutes.
        Assert.Equal(88, SnapshotHistory.BytesPerEntry);
        long entries = 600L * SnapshotHistory.BytesPerEntry;
        Assert.InRange(ring, entries, entries + 256);
        Assert.Equal(0, recording);
    }

    [Theory]
    [InlineData("-00:00:01", "00:00:01", "Sampling:HistorySpan must be between 00:00:00 and 1.00:00:00")]
    [InlineData("1.00:00:01", "00:00:01", "Sampling:HistorySpan must be between 00:00:00 and 1.00:00:00")]
    [InlineData("1.00:00:00", "00:00:00.5", "would keep 172800 snapshots, more than 86400")]
    public void A_span_out_of_range_or_too_many_entries_is_refused_with_its_key(string span, string interval, string expected)
    {
        var options = new SamplingOptions { HistorySpan = TimeSpan.Parse(span, System.Globalization.CultureInfo.InvariantCulture), Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };
        Microsoft.Extensions.Options.ValidateOptionsResult result = new SamplingOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }
}
