namespace PiTune.Core.Sampling;

/// <summary>How often the machine is sampled (section <c>Sampling</c>).</summary>
public sealed class SamplingOptions
{
    public const string SectionName = "Sampling";

    /// <summary>Time between snapshots. The kernel updates the Pi's thermal zone every 1000 ms, so faster buys little.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Log a one-line reading every tick (on by default under <c>--simulate</c>, off on a real machine).</summary>
    public bool LogEachTick { get; set; }

    /// <summary>
    /// How far back <c>/status/history</c> (and <c>pitune top</c>) reaches: the ring keeps Span ÷ Interval snapshots.
    /// Zero keeps none.
    /// </summary>
    public TimeSpan HistorySpan { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A test aid for the systemd watchdog: while a file exists at this absolute path, the sampling loop
    /// stops (no snapshots, no watchdog pings) as if it had hung. Empty (the default) disables it.
    /// </summary>
    public string DebugHangFile { get; set; } = "";
}
