using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Faults;
using PiTune.Core.Governor;
using PiTune.Core.Inference;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Core.Units;
using PiTune.Linux.Files;
using PiTune.Linux.Conflicts;

namespace PiTune.Governor;

/// <summary>
/// The CPU governor job: on every snapshot, and at once when the batcher says work arrived or ended, decides each
/// cpufreq policy's governor and ceiling with <see cref="GovernorPolicy"/> and writes what differs through the ledger.
/// <para>
/// Arbitration with the thermal job: the thermal job only <i>publishes</i> its cap (<see cref="CpuMetrics.ThermalCap"/>
/// in the snapshot); this job is the only writer of <c>scaling_max_freq</c>, and writes min(cap, <c>cpuinfo_max_freq</c>)
/// — in every mode, inference included — so the ceiling is never raised above a published cap. The cap is read from
/// the newest snapshot at each decision, so a new cap takes effect within one sampling tick.
/// </para>
/// Without a batcher (<see cref="IInferenceActivity"/> not registered) activity is judged from CPU usage per tick.
/// </summary>
internal sealed class GovernorService : BackgroundService
{
    private readonly IMachine _machine;
    private readonly IMetricsBus _bus;
    private readonly ITuningLedger _ledger;
    private readonly IOptionsMonitor<GovernorOptions> _options;
    private readonly ISysFiles _files;
    private readonly TimeProvider _time;
    private readonly ILogger<GovernorService> _logger;
    private readonly IInferenceActivity? _activity;
    private readonly TunableWriter _writer;
    private readonly FaultTracker _readFaults;
    private readonly PolicySlot[] _slots;

    // One slot: any number of activity changes between two decisions need only one decision.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false });

    private bool _observing;

    public GovernorService(
        IMachine machine,
        IMetricsBus bus,
        ITuningLedger ledger,
        IOptionsMonitor<GovernorOptions> options,
        ISysFiles files,
        TimeProvider time,
        ILogger<GovernorService> logger,
        IInferenceActivity? activity)
    {
        _machine = machine;
        _bus = bus;
        _ledger = ledger;
        _options = options;
        _files = files;
        _time = time;
        _logger = logger;
        _activity = activity;
        _writer = new TunableWriter(ledger, time, logger);
        _readFaults = new FaultTracker(time);
        _slots = machine.CpuFreqPolicies.Select(p => new PolicySlot(p)).ToArray();
    }

    private long _decisions;

    /// <summary>Decisions completed so far, writes included (for tests: a wake that changed nothing still counts).</summary>
    public long Decisions => Interlocked.Read(ref _decisions);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        GovernorOptions options = _options.CurrentValue;
        IReadOnlyList<string> conflicts = ConflictDetector.Find(_files);
        if (conflicts.Count > 0)
        {
            GovernorLog.ConflictsFound(_logger, string.Join(", ", conflicts));
        }

        if (_slots.Length == 0)
        {
            GovernorLog.NoPolicies(_logger);
            return;
        }

        GovernorLog.Started(_logger, _slots.Length, _activity is null ? "CPU usage (no batcher)" : "the batcher", options.IdleGrace);
        using IMetricsSubscription ticks = _bus.Subscribe();
        if (_activity is not null)
        {
            _activity.ActivityChanged += OnActivityChanged;
        }

        try
        {
            Decide(_bus.Latest, newTick: false);
            Task<ResourceMetrics>? tick = null;
            Task<bool>? wake = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                tick ??= ticks.NextAsync(stoppingToken).AsTask();
                wake ??= _wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
                Task done = await Task.WhenAny(tick, wake).ConfigureAwait(false);
                if (done == wake)
                {
                    await wake.ConfigureAwait(false);
                    wake = null;
                    _wake.Reader.TryRead(out _);
                    Decide(_bus.Latest, newTick: false);
                }
                else
                {
                    ResourceMetrics snapshot = await tick.ConfigureAwait(false);
                    tick = null;
                    Decide(snapshot, newTick: true);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_activity is not null)
            {
                _activity.ActivityChanged -= OnActivityChanged;
            }
        }
    }

    // Runs on a request thread: signal only, never block or do I/O there.
    private void OnActivityChanged(bool active) => _wake.Writer.TryWrite(active);

    private void Decide(ResourceMetrics? snapshot, bool newTick)
    {
        try
        {
            DecideCore(snapshot, newTick);
        }
        catch (Exception ex)
        {
            GovernorLog.DecisionFailed(_logger, ex);
        }
        finally
        {
            Interlocked.Increment(ref _decisions);
        }
    }

    private void DecideCore(ResourceMetrics? snapshot, bool newTick)
    {
        GovernorOptions options = _options.CurrentValue;
        if (!options.Enabled)
        {
            Observe();
        }
        else if (_observing)
        {
            _observing = false;
            GovernorLog.Managing(_logger);
        }

        DateTimeOffset now = _time.GetUtcNow();
        bool? active = _activity?.IsActive;
        double? cpu = _activity is null && newTick ? snapshot?.Cpu.UsagePercent : null;
        KiloHertz? cap = (_bus.Latest ?? snapshot)?.Cpu.ThermalCap;
        foreach (PolicySlot slot in _slots)
        {
            if (!slot.Load(this))
            {
                continue;
            }

            var input = new GovernorInput(now, active, cpu, slot.Available!, slot.CpuInfoMax!.Value, cap, slot.CpuInfoMin);
            GovernorMode before = slot.State.Mode;
            (GovernorDecision decision, slot.State) = GovernorPolicy.Decide(input, options, slot.State);
            if (decision.Problem != slot.Problem)
            {
                slot.Problem = decision.Problem;
                if (decision.Problem is not null)
                {
                    GovernorLog.GovernorUnavailable(_logger, slot.Policy.Name, decision.Problem);
                }
            }

            if (decision.Mode != before)
            {
                GovernorLog.ModeChanged(_logger, slot.Policy.Name, decision.Mode == GovernorMode.Inference ? "inference work" : "idle",
                    decision.Governor ?? "unchanged", decision.MaxFrequency.Value);
            }

            if (_observing)
            {
                continue;
            }

            if (decision.Governor is { } governor)
            {
                ICpuFreqPolicy p = slot.Policy;
                _writer.Apply(p.Name, p.Governor, Text(p.ReadGovernor()), governor, () => Text(p.ReadGovernor()));
            }

            string ceiling = decision.MaxFrequency.Value.ToString(CultureInfo.InvariantCulture);
            ICpuFreqPolicy q = slot.Policy;
            _writer.Apply(q.Name, q.MaxFrequency, Text(q.ReadScalingMax()), ceiling, () => Text(q.ReadScalingMax()));
        }
    }

    /// <summary>Observer mode: hands back whatever this job changed (once, when it turns on), then only decides and logs.</summary>
    private void Observe()
    {
        if (_observing)
        {
            return;
        }

        _observing = true;
        int restored = 0;
        foreach (PolicySlot slot in _slots)
        {
            foreach (Tunable tunable in new[] { slot.Policy.Governor, slot.Policy.MaxFrequency })
            {
                if (_ledger.Entries.Any(e => e.RelativePath == tunable.RelativePath) && _ledger.Restore(tunable).IsOk)
                {
                    restored++;
                }
            }
        }

        GovernorLog.Observing(_logger, restored);
    }

    private static string? Text(ReadResult<string> read) => read.IsOk ? read.Value : null;

    private static string? Text(ReadResult<KiloHertz> read) => read.IsOk ? read.Value.Value.ToString(CultureInfo.InvariantCulture) : null;

    private bool Check<T>(ICpuFreqPolicy policy, string source, in ReadResult<T> read)
    {
        string key = $"{policy.Name}/{source}";
        FaultTransition transition = _readFaults.Observe(key, read.Status == ReadStatus.Missing ? ReadStatus.IoError : read.Status);
        if (transition == FaultTransition.Failed)
        {
            GovernorLog.PolicyUnreadable(_logger, policy.Name, source, read.Describe());
        }

        return read.IsOk;
    }

    /// <summary>One cpufreq policy: what it offers (read once), and the policy's state between decisions.</summary>
    private sealed class PolicySlot(ICpuFreqPolicy policy)
    {
        public ICpuFreqPolicy Policy { get; } = policy;

        public GovernorState State { get; set; } = GovernorState.Initial;

        public IReadOnlyList<string>? Available { get; private set; }

        public KiloHertz? CpuInfoMax { get; private set; }

        public KiloHertz? CpuInfoMin { get; private set; }

        public string? Problem { get; set; }

        /// <summary>Reads what the policy offers until it has it; false while that cannot be read.</summary>
        public bool Load(GovernorService owner)
        {
            if (Available is null)
            {
                ReadResult<IReadOnlyList<string>> available = Policy.ReadAvailableGovernors();
                if (!owner.Check(Policy, "scaling_available_governors", available))
                {
                    return false;
                }

                Available = available.Value;
            }

            if (CpuInfoMax is null)
            {
                ReadResult<KiloHertz> max = Policy.ReadCpuInfoMax();
                if (!owner.Check(Policy, "cpuinfo_max_freq", max))
                {
                    return false;
                }

                CpuInfoMax = max.Value;
                ReadResult<KiloHertz> min = Policy.ReadCpuInfoMin();
                CpuInfoMin = min.IsOk ? min.Value : null;
            }

            return true;
        }
    }
}
