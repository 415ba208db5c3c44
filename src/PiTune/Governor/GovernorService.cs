using System.Globalization;
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
using PiTune.Telemetry;

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
    private readonly PiTuneInstruments? _instruments;

    // Any number of activity changes and ticks between two decisions need only one decision.
    private readonly AutoResetEvent _signal = new(false);
    private ResourceMetrics? _pendingTick;

    // Set when work arrives, cleared by the next decision: a request that comes and goes before this job's thread
    // wakes (a 1 ms inference on a busy box) still counts as work, instead of being missed by reading the level only.
    private int _workArrived;

    // Every policy was found running the inference governor under the right ceiling, with nothing to write: an edge of
    // the batcher's activity then has nothing to switch (going idle waits out IdleGrace on the ticks), so it does not
    // wake the decision thread. At concurrency 1 the in-flight count goes 0 -> 1 -> 0 with every request.
    private volatile bool _settled;
    private long _activityWakes;

    private bool _observing;

    public GovernorService(
        IMachine machine,
        IMetricsBus bus,
        ITuningLedger ledger,
        IOptionsMonitor<GovernorOptions> options,
        ISysFiles files,
        TimeProvider time,
        ILogger<GovernorService> logger,
        IInferenceActivity? activity,
        PiTuneInstruments? instruments = null)
    {
        _instruments = instruments;
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

    /// <summary>Edges of the batcher's activity that woke the decision thread (the others had nothing to switch).</summary>
    public long ActivityWakes => Interlocked.Read(ref _activityWakes);

    /// <summary>True while an edge of the batcher's activity would not wake the decision thread.</summary>
    public bool Settled => _settled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        GovernorOptions options = _options.CurrentValue;
        if (_slots.Length == 0)
        {
            GovernorLog.NoPolicies(_logger);
            return;
        }

        GovernorLog.Started(_logger, _slots.Length == 1 ? "1 cpufreq policy" : $"{_slots.Length} cpufreq policies", _activity is null ? "CPU usage (no batcher)" : "the batcher", options.IdleGrace);

        // Decisions run on a thread of their own, woken by an event: a thread pool busy with inference work (or short
        // of threads) must not delay the switch a waiting request is for. Ticks reach it through a small pump.
        var loopDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Loop(loopDone, stoppingToken)) { IsBackground = true, Name = "pitune-governor" };
        if (_activity is not null)
        {
            _activity.ActivityChanged += OnActivityChanged;
        }

        try
        {
            using IMetricsSubscription ticks = _bus.Subscribe();
            thread.Start();
            while (!stoppingToken.IsCancellationRequested)
            {
                Volatile.Write(ref _pendingTick, await ticks.NextAsync(stoppingToken).ConfigureAwait(false));
                _signal.Set();
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

        await loopDone.Task.ConfigureAwait(false);
    }

    private void Loop(TaskCompletionSource done, CancellationToken stoppingToken)
    {
        try
        {
            StartUp();
            Decide(_bus.Latest, newTick: false);
            WaitHandle[] handles = [_signal, stoppingToken.WaitHandle];
            while (WaitHandle.WaitAny(handles) == 0)
            {
                ResourceMetrics? tick = Interlocked.Exchange(ref _pendingTick, null);
                Decide(tick ?? _bus.Latest, newTick: tick is not null);
            }
        }
        finally
        {
            done.TrySetResult();
        }
    }

    /// <summary>Start-up I/O (listing /proc, the ledger's fsyncs), on the job's thread: off the host's start path.</summary>
    private void StartUp()
    {
        try
        {
            // Other frequency managers are looked for by ConflictWatch, at start and every minute.
            if (_options.CurrentValue.Enabled)
            {
                Prime();
            }
        }
        catch (Exception ex)
        {
            GovernorLog.DecisionFailed(_logger, ex);
        }
    }

    /// <summary>
    /// Records each governor's original in the ledger at start by writing back the value it holds (a no-op for cpufreq),
    /// so the first switch to the inference governor does not pay for the ledger's fsyncs: that switch is the one a
    /// waiting request feels.
    /// </summary>
    private void Prime()
    {
        foreach (PolicySlot slot in _slots)
        {
            Tunable governor = slot.Policy.Governor;
            if (slot.Policy.ReadGovernor() is { IsOk: true } current
                && !_ledger.Entries.Any(e => e.RelativePath == governor.RelativePath))
            {
                _ledger.Write(governor, current.Value);
            }
        }
    }

    // Runs on a request thread: signal only, never block or do I/O there.
    private void OnActivityChanged(bool active)
    {
        if (active)
        {
            Volatile.Write(ref _workArrived, 1); // seen by the next decision, tick or not: the grace restarts from it
        }

        if (!_settled)
        {
            Interlocked.Increment(ref _activityWakes);
            _signal.Set();
        }
    }

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
        bool? active = _activity is null ? null : Interlocked.Exchange(ref _workArrived, 0) == 1 || _activity.IsActive;
        double? cpu = _activity is null && newTick ? snapshot?.Cpu.UsagePercent : null;
        KiloHertz? cap = (_bus.Latest ?? snapshot)?.Cpu.ThermalCap;
        bool settled = false;
        try
        {
            bool all = options.Enabled && !_observing && _activity is not null;
            foreach (PolicySlot slot in _slots)
            {
                all &= DecidePolicy(slot, options, now, active, cpu, cap);
            }

            settled = all;
        }
        finally
        {
            _settled = settled;
        }
    }

    /// <summary>Decides and applies one policy; true when it runs the inference governor and nothing had to be written.</summary>
    private bool DecidePolicy(PolicySlot slot, GovernorOptions options, DateTimeOffset now, bool? active, double? cpu, KiloHertz? cap)
    {
        if (!slot.Load(this))
        {
            return false;
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
            return false;
        }

        // A value that cannot be read now (the policy went away with its CPU or driver, the file broke) is not written:
        // the ledger could not record an original to put back, and every tick would say so again. The read fault is
        // said once, then as a summary, and the policy is managed again once it reads.
        ICpuFreqPolicy p = slot.Policy;
        ReadResult<string> currentGovernor = p.ReadGovernor();
        if (!Check(p, "scaling_governor", slot.GovernorKey, currentGovernor))
        {
            return false;
        }

        ReadResult<KiloHertz> currentMax = p.ReadScalingMax();
        if (!Check(p, "scaling_max_freq", slot.MaxFrequencyKey, currentMax))
        {
            return false;
        }

        if (decision.Governor is { } governor)
        {
            long started = _time.GetTimestamp();
            if (_writer.Apply(p.Name, p.Governor, currentGovernor.Value, governor, () => Text(p.ReadGovernor())) && _instruments is { } meter)
            {
                meter.GovernorSwitch.Stop(started);
                meter.GovernorChanged(p.Name, governor);
            }
        }

        string ceiling = decision.MaxFrequency.Value.ToString(CultureInfo.InvariantCulture);
        _writer.Apply(p.Name, p.MaxFrequency, Text(currentMax), ceiling, () => Text(p.ReadScalingMax()));
        return decision.Mode == GovernorMode.Inference && decision.Governor is { } wanted
            && currentGovernor.Value == wanted && Text(currentMax) == ceiling;
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

    public override void Dispose()
    {
        base.Dispose();
        _signal.Dispose();
    }

    private static string? Text(ReadResult<string> read) => read.IsOk ? read.Value : null;

    private static string? Text(ReadResult<KiloHertz> read) => read.IsOk ? read.Value.Value.ToString(CultureInfo.InvariantCulture) : null;

    private bool Check<T>(ICpuFreqPolicy policy, string source, in ReadResult<T> read) =>
        Check(policy, source, $"{policy.Name}/{source}", read);

    private bool Check<T>(ICpuFreqPolicy policy, string source, string key, in ReadResult<T> read)
    {
        // A policy listed at start cannot be "absent": a first read that finds it missing is a fault worth its line.
        switch (_readFaults.Observe(key, read.Status == ReadStatus.Missing ? ReadStatus.IoError : read.Status))
        {
            case FaultTransition.Failed:
                GovernorLog.PolicyUnreadable(_logger, policy.Name, source, read.Describe());
                break;
            case FaultTransition.StillFailing:
                GovernorLog.PolicyStillUnreadable(_logger, policy.Name, source, _readFaults.FailureCount(key), _readFaults.FailingFor(key), read.Describe());
                break;
            case FaultTransition.Recovered:
                GovernorLog.PolicyReadable(_logger, policy.Name, source, _readFaults.LastDownFor(key));
                break;
        }

        return read.IsOk;
    }

    /// <summary>One cpufreq policy: what it offers (read once), and the policy's state between decisions.</summary>
    private sealed class PolicySlot(ICpuFreqPolicy policy)
    {
        public ICpuFreqPolicy Policy { get; } = policy;

        // Fault-tracker keys for the two files read at every decision, built once.
        public string GovernorKey { get; } = policy.Name + "/scaling_governor";

        public string MaxFrequencyKey { get; } = policy.Name + "/scaling_max_freq";

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
