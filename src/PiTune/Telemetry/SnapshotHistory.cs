using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PiTune.Core.Metrics;
using PiTune.Core.Sampling;

namespace PiTune.Telemetry;

/// <summary>
/// The recent snapshots, oldest first, for <c>GET /status/history</c> and <c>pitune top</c>: a ring of
/// <see cref="HistorySample"/> holding <c>Sampling:HistorySpan</c> ÷ <c>Sampling:Interval</c> entries, allocated once
/// and again only when a reload changes that count (the newest entries are kept). Recording a tick allocates nothing.
/// </summary>
internal sealed class SnapshotHistory(IOptionsMonitor<SamplingOptions> options)
{
    private readonly Lock _gate = new();
    private HistorySample[] _ring = new HistorySample[CapacityFor(options.CurrentValue)];

    // The slot the next sample goes to, and how many slots hold one.
    private int _next;
    private int _count;

    /// <summary>Bytes one entry takes in the ring (the array adds its ~24-byte header once).</summary>
    public static int BytesPerEntry => Unsafe.SizeOf<HistorySample>();

    public int Capacity
    {
        get
        {
            lock (_gate)
            {
                return _ring.Length;
            }
        }
    }

    /// <summary>Called by the sampler with each snapshot it publishes, stale ones included.</summary>
    public void Record(ResourceMetrics snapshot)
    {
        HistorySample sample = HistorySample.From(snapshot);
        int wanted = CapacityFor(options.CurrentValue);
        lock (_gate)
        {
            if (wanted != _ring.Length)
            {
                Resize(wanted);
            }

            if (_ring.Length == 0)
            {
                return;
            }

            _ring[_next] = sample;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    /// <summary>
    /// The entries, oldest first, whose sequence is above <paramref name="afterSequence"/> and whose time is at or after
    /// <paramref name="notBefore"/> (either null for no bound).
    /// </summary>
    public HistorySample[] Read(long? afterSequence = null, DateTimeOffset? notBefore = null)
    {
        long fromMs = notBefore?.ToUnixTimeMilliseconds() ?? long.MinValue;
        long fromSequence = afterSequence ?? long.MinValue;
        lock (_gate)
        {
            // Entries are in sequence and time order, so the answer is the newest run that passes both bounds.
            int take = 0;
            while (take < _count)
            {
                HistorySample s = _ring[Index(_count - 1 - take)];
                if (s.Sequence <= fromSequence || s.UnixMilliseconds < fromMs)
                {
                    break;
                }

                take++;
            }

            var result = new HistorySample[take];
            for (int i = 0; i < take; i++)
            {
                result[i] = _ring[Index(_count - take + i)];
            }

            return result;
        }
    }

    private static int CapacityFor(SamplingOptions o) => (int)Math.Min(SamplingOptionsValidator.HistoryEntries(o), SamplingOptionsValidator.MaxHistoryEntries);

    // The i-th entry from the oldest.
    private int Index(int i) => (_next - _count + i + _ring.Length) % _ring.Length;

    private void Resize(int capacity)
    {
        var ring = new HistorySample[capacity];
        int keep = Math.Min(_count, capacity);
        for (int i = 0; i < keep; i++)
        {
            ring[i] = _ring[Index(_count - keep + i)];
        }

        _ring = ring;
        _count = keep;
        _next = capacity == 0 ? 0 : keep % capacity;
    }
}
