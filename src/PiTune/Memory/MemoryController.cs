using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Faults;
using PiTune.Core.Inference;
using PiTune.Core.Memory;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Pool;
using PiTune.Core.Tuning;
using PiTune.Linux;
using PiTune.Linux.Files;
using PiTune.Linux.Memory;

namespace PiTune.Memory;

/// <summary>
/// The memory job, one snapshot at a time: vm tunables through the ledger (at start and after a reload), memory
/// pressure → pool and batch limits, and swap off/on when safe. Swap rounds run on their own thread, never on the
/// caller's: <see cref="OnSnapshot"/> only starts a round or collects a finished one. Not thread-safe: one loop owns it.
/// </summary>
internal sealed class MemoryController
{
    private readonly IMachine _machine;
    private readonly ISysFiles _files;
    private readonly ITuningLedger _ledger;
    private readonly SwapSwitcher _swap;
    private readonly IOptionsMonitor<MemoryOptions> _options;
    private readonly MemoryContributor _contributor;
    private readonly IBufferPoolControl? _pool;
    private readonly IBatchSizeLimiter? _batches;
    private readonly IInferenceActivity? _activity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FaultTracker _faults;
    private readonly Dictionary<string, long> _applied = new(StringComparer.Ordinal);
    private MemoryPressureTracking _pressure = MemoryPressureTracking.Initial;
    private SwapTracking _swapState = SwapTracking.Initial;
    private bool _limitsOn;
    private bool _unsafeLogged;
    private bool _vmAbsentLogged;
    private int _optionsChanged;
    private Task<SwapBatchResult>? _swapRound;

    public MemoryController(
        IMachine machine,
        ISysFiles files,
        ITuningLedger ledger,
        SwapSwitcher swap,
        IOptionsMonitor<MemoryOptions> options,
        MemoryContributor contributor,
        IBufferPoolControl? pool,
        IBatchSizeLimiter? batches,
        IInferenceActivity? activity,
        TimeProvider time,
        ILogger<MemoryController> logger)
    {
        _machine = machine;
        _files = files;
        _ledger = ledger;
        _swap = swap;
        _options = options;
        _contributor = contributor;
        _pool = pool;
        _batches = batches;
        _activity = activity;
        _time = time;
        _logger = logger;
        _faults = new FaultTracker(time);
        options.OnChange((_, _) => Interlocked.Exchange(ref _optionsChanged, 1));
    }

    /// <summary>The running swap round, or a completed task: tests await it instead of sleeping.</summary>
    internal Task SwapRoundTask => _swapRound ?? Task.CompletedTask;

    internal bool LimitsOn => _limitsOn;

    /// <summary>Says what the job does, turns on swap an unclean stop left off, and sets the vm tunables. Call once, first.</summary>
    public void Start()
    {
        MemoryOptions o = _options.CurrentValue;
        MemoryLog.Started(_logger, o.DisableSwap.ToString(), o.PressureHighPercent, o.PressureLowPercent, o.TrimTargetPercent);
        if (!o.Enabled)
        {
            MemoryLog.Observing(_logger);
        }

        if (_pool is null)
        {
            MemoryLog.PoolTrimmingInactive(_logger);
        }

        if (_batches is null)
        {
            MemoryLog.BatchLimitInactive(_logger);
        }

        if (_swap.IsSimulated)
        {
            MemoryLog.SwapSimulated(_logger, _machine.Root);
        }

        if (o.DisableSwap == SwapOffMode.DuringInference && _activity is null)
        {
            MemoryLog.NoInferenceSignal(_logger);
        }

        RestoreSwapLeftovers();
        ApplyTunables(o);
    }

    public void OnSnapshot(ResourceMetrics snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        MemoryOptions o = _options.CurrentValue;
        if (Interlocked.Exchange(ref _optionsChanged, 0) == 1)
        {
            ApplyTunables(o);
        }

        DateTimeOffset now = _time.GetUtcNow();
        Pressure(snapshot.Memory, o, now);
        CollectSwapRound(o, now);
        Swap(snapshot.Memory, o, now);
    }

    /// <summary>Waits for a running swap round, turns every area PiTune turned off back on, and lifts the pressure limits.
    /// The vm tunables are left to the ledger, which restores them after every job has stopped.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (_swapRound is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
            CollectSwapRound(_options.CurrentValue, now);
        }

        if (_swap.HeldOff.Count > 0)
        {
            MemoryLog.SwapTurningOn(_logger, "stopping", Describe(_swap.HeldOff));
            SwapBatchResult result = await Task.Factory.StartNew(
                () => _swap.TurnOn(final: true), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            LogRound(result, _options.CurrentValue, final: true);
        }

        if (_limitsOn)
        {
            Lift("stopping");
        }
    }

    private void RestoreSwapLeftovers()
    {
        ReadResult<IReadOnlyList<SwapEntry>> listed = _machine.Swaps.Read();
        SwapBatchResult result = _swap.RestoreLeftovers(listed.IsOk ? listed.Value : null, out string? recordProblem);
        if (recordProblem is not null)
        {
            MemoryLog.SwapRecordProblem(_logger, recordProblem);
        }

        if (result.Outcomes.Count > 0)
        {
            MemoryLog.SwapLeftovers(_logger, result.Outcomes.Count, Describe(result.Outcomes.Select(o => o.Entry)));
            LogRound(result, _options.CurrentValue, final: true);
        }
        else if (result.Problem is not null)
        {
            MemoryLog.SwapRecordProblem(_logger, result.Problem);
        }
    }

    private void ApplyTunables(MemoryOptions o)
    {
        IReadOnlyList<KeyValuePair<string, long>> desired = o.Enabled ? o.VmSettings() : [];
        foreach (string key in _applied.Keys.Where(k => !desired.Any(d => d.Key == k)).ToList())
        {
            WriteResult restored = _machine.Vm.Get(key) is { } tunable ? _ledger.Restore(tunable) : WriteResult.Ok(key);
            MemoryLog.TunableHandedBack(_logger, key, restored.IsOk ? "original value put back" : restored.Describe());
            _applied.Remove(key);
        }

        if (desired.Count > 0 && !_files.Exists(SysPaths.Vm))
        {
            if (!_vmAbsentLogged)
            {
                _vmAbsentLogged = true;
                MemoryLog.VmAbsent(_logger, Path.Join(_files.Root, SysPaths.Vm));
            }

            return;
        }

        foreach ((string key, long value) in desired)
        {
            if ((_applied.TryGetValue(key, out long done) && done == value) || _machine.Vm.Get(key) is not { } tunable)
            {
                continue;
            }

            ReadResult<long> current = _machine.Vm.ReadInteger(key);
            if (current.IsOk && current.Value == value && !_applied.ContainsKey(key))
            {
                MemoryLog.TunableAlready(_logger, key, value);
                _applied[key] = value;
                continue;
            }

            WriteResult result = _ledger.Write(tunable, value.ToString(CultureInfo.InvariantCulture));
            if (result.IsOk)
            {
                MemoryLog.TunableSet(_logger, key, value, current.IsOk ? current.Value.ToString(CultureInfo.InvariantCulture) : "unreadable");
                _applied[key] = value;
            }
            else
            {
                MemoryLog.TunableFailed(_logger, key, value, result.Describe());
            }
        }
    }

    private void Pressure(MemoryMetrics memory, MemoryOptions o, DateTimeOffset now)
    {
        double? availablePercent = memory is { AvailableBytes: { } a, TotalBytes: > 0 and { } t } ? a * 100.0 / t : null;
        (MemoryPressureDecision decision, _pressure) = MemoryPressurePolicy.Decide(new MemoryPressureInput(now, memory.PressureSomeAvg10, availablePercent), o, _pressure);
        _contributor.State = decision.State;
        if (!o.Enabled)
        {
            if (_limitsOn)
            {
                Lift("the memory job is disabled");
            }

            return;
        }

        if (decision.State == MemoryPressureState.High && !_limitsOn)
        {
            Apply(decision.Measure, o);
        }
        else if (decision.State != MemoryPressureState.High && _limitsOn)
        {
            Lift(decision.Measure);
        }
    }

    private void Apply(string measure, MemoryOptions o)
    {
        _limitsOn = true;
        try
        {
            if (_pool is null && _batches is null)
            {
                MemoryLog.PressureHighNothingToTrim(_logger, measure);
                return;
            }

            long limit = 0;
            long freed = 0;
            if (_pool is not null)
            {
                long before = _pool.BytesFree + _pool.BytesInUse;
                limit = (long)(_pool.BudgetBytes * (o.TrimTargetPercent / 100.0));
                _pool.SetPressureLimit(limit);
                freed = Math.Max(0, before - (_pool.BytesFree + _pool.BytesInUse));
            }

            _batches?.SetPressureBatchLimit(o.PressureMaxBatchSize);
            _contributor.Limits = new PressureLimits(_batches is null ? null : o.PressureMaxBatchSize, _pool is null ? null : limit);
            MemoryLog.PressureHigh(_logger, measure, limit, o.TrimTargetPercent, freed, o.PressureMaxBatchSize);
        }
        catch (Exception ex)
        {
            MemoryLog.PressureControlFailed(_logger, ex);
        }
    }

    private void Lift(string measure)
    {
        _limitsOn = false;
        try
        {
            _pool?.SetPressureLimit(null);
            _batches?.SetPressureBatchLimit(null);
            _contributor.Limits = null;
            MemoryLog.PressureEnded(_logger, measure);
        }
        catch (Exception ex)
        {
            MemoryLog.PressureControlFailed(_logger, ex);
        }
    }

    private void Swap(MemoryMetrics memory, MemoryOptions o, DateTimeOffset now)
    {
        int held = _swap.HeldOff.Count;
        if ((o.DisableSwap == SwapOffMode.Never || !o.Enabled) && held == 0)
        {
            return;
        }

        IReadOnlyList<SwapEntry>? listed = null;
        ReadResult<IReadOnlyList<SwapEntry>> table = _machine.Swaps.Read();
        switch (_faults.Observe(SysPaths.Swaps, table))
        {
            case FaultTransition.Failed or FaultTransition.Absent:
                MemoryLog.SwapTableUnreadable(_logger, table.Describe());
                break;
        }

        if (table.IsOk)
        {
            listed = table.Value;
        }

        var input = new SwapInput(now, _activity?.IsActive, memory.AvailableBytes, listed, held, _swapRound is not null);
        (SwapDecision decision, _swapState) = SwapPolicy.Decide(input, o, _swapState);
        if (!decision.WantOff)
        {
            _unsafeLogged = false;
        }

        switch (decision.Action)
        {
            case SwapAction.Unsafe when !_unsafeLogged:
                _unsafeLogged = true;
                MemoryLog.SwapOffUnsafe(_logger, decision.Reason);
                break;
            case SwapAction.TurnOff:
                _unsafeLogged = false;
                MemoryLog.SwapTurningOff(_logger, decision.Reason, Describe(decision.Entries));
                IReadOnlyList<SwapEntry> entries = decision.Entries;
                _swapRound = Task.Factory.StartNew(() => _swap.TurnOff(entries), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                break;
            case SwapAction.TurnOn:
                MemoryLog.SwapTurningOn(_logger, decision.Reason, Describe(_swap.HeldOff));
                _swapRound = Task.Factory.StartNew(() => _swap.TurnOn(final: false), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                break;
        }
    }

    private void CollectSwapRound(MemoryOptions o, DateTimeOffset now)
    {
        if (_swapRound is not { IsCompleted: true } round)
        {
            return;
        }

        _swapRound = null;
        if (round.IsFaulted)
        {
            MemoryLog.SwapRoundCrashed(_logger, round.Exception!.GetBaseException());
            _swapState = _swapState with { LastFailureAt = now };
            return;
        }

        if (!LogRound(round.Result, o, final: false))
        {
            _swapState = _swapState with { LastFailureAt = now };
        }
    }

    /// <summary>Logs every call of a round; false when anything failed.</summary>
    private bool LogRound(SwapBatchResult result, MemoryOptions o, bool final)
    {
        foreach (SwapOutcome outcome in result.Outcomes)
        {
            SwapEntry e = outcome.Entry;
            if (outcome.TurnedOff)
            {
                if (outcome.Result.IsOk)
                {
                    MemoryLog.SwapOffDone(_logger, e.Filename, outcome.Elapsed, e.Priority);
                }
                else
                {
                    MemoryLog.SwapOffFailed(_logger, e.Filename, outcome.Result.Describe(), o.SwapRetryInterval);
                }
            }
            else if (outcome.Result.IsOk)
            {
                MemoryLog.SwapOnDone(_logger, e.Filename, e.Priority, outcome.Elapsed);
            }
            else
            {
                string next = final
                    ? $"PiTune gives it up; turn it on by hand: swapon {(e.Priority >= 0 ? $"-p {e.Priority} " : "")}{e.Filename}"
                    : $"tried again in {o.SwapRetryInterval}";
                MemoryLog.SwapOnFailed(_logger, e.Filename, e.Priority, outcome.Result.Describe(), next);
            }
        }

        if (result.Problem is not null)
        {
            MemoryLog.SwapRecordProblem(_logger, result.Problem);
        }

        return result.AllOk;
    }

    private static string Describe(IEnumerable<SwapEntry> entries) =>
        string.Join(", ", entries.Select(e => $"{e.Filename} ({e.Type}, {e.SizeBytes / (1024 * 1024)} MiB, {e.UsedBytes / (1024 * 1024)} MiB used, priority {e.Priority})"));
}
