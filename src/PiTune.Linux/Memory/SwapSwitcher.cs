using PiTune.Core.Platform;

namespace PiTune.Linux.Memory;

/// <summary>
/// Turns swap areas off and back on through an <see cref="ISwapControl"/>, keeping <c>swap.json</c> in step so a crash
/// never loses an area: each area is recorded (durably) before its swapoff and forgotten only once it is on again.
/// A round that fails part-way turns back on what it turned off, so a failure leaves swap as it was. Calls block
/// (swapoff can take seconds): run them off any loop that must keep time. One round at a time.
/// </summary>
public sealed class SwapSwitcher
{
    private readonly Lock _gate = new();
    private readonly ISwapControl _control;
    private readonly SwapRecordStore _store;
    private readonly TimeProvider _time;
    private readonly List<SwapEntry> _held = [];

    public SwapSwitcher(ISwapControl control, string stateDirectory, string root, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(time);
        _control = control;
        _store = new SwapRecordStore(stateDirectory, root, time);
        _time = time;
    }

    public bool IsSimulated => _control.IsSimulated;

    public string RecordPath => _store.FilePath;

    /// <summary>The areas PiTune has turned off and not yet back on.</summary>
    public IReadOnlyList<SwapEntry> HeldOff
    {
        get
        {
            lock (_gate)
            {
                return [.. _held];
            }
        }
    }

    /// <summary>
    /// Turns on again, with their recorded priorities, the areas an unclean stop left off (those not in
    /// <paramref name="listed"/>, the current <c>/proc/swaps</c>), then forgets the record. Call once at start, before any round.
    /// <paramref name="recordProblem"/> says why a record could not be trusted.
    /// </summary>
    public SwapBatchResult RestoreLeftovers(IReadOnlyList<SwapEntry>? listed, out string? recordProblem)
    {
        lock (_gate)
        {
            IReadOnlyList<SwapEntry> recorded = _store.Load(out recordProblem);
            var outcomes = new List<SwapOutcome>();
            foreach (SwapEntry entry in recorded)
            {
                if (listed?.Any(l => l.Filename == entry.Filename) != true)
                {
                    outcomes.Add(On(entry));
                }
            }

            return new SwapBatchResult(outcomes, Persist());
        }
    }

    /// <summary>Turns the areas off in order; on the first failure turns the ones this round turned off back on.</summary>
    public SwapBatchResult TurnOff(IReadOnlyList<SwapEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            var outcomes = new List<SwapOutcome>();
            var thisRound = new List<SwapEntry>();
            foreach (SwapEntry entry in entries)
            {
                _held.Add(entry);
                if (Persist() is { } problem)
                {
                    _held.Remove(entry);
                    RollBack(thisRound, outcomes);
                    return new SwapBatchResult(outcomes, $"{problem}; {entry.Filename} not turned off");
                }

                long start = _time.GetTimestamp();
                SwapCallResult result = _control.SwapOff(entry.Filename);
                outcomes.Add(new SwapOutcome(entry, true, result, _time.GetElapsedTime(start)));
                if (!result.IsOk)
                {
                    _held.Remove(entry);
                    RollBack(thisRound, outcomes);
                    return new SwapBatchResult(outcomes, Persist());
                }

                thisRound.Add(entry);
            }

            return new SwapBatchResult(outcomes, null);
        }
    }

    /// <summary>
    /// Turns every held area back on, last turned off first. An area that fails stays held to be tried again, unless
    /// <paramref name="final"/> (at stop): then it is forgotten and the caller logs how to turn it on by hand.
    /// </summary>
    public SwapBatchResult TurnOn(bool final)
    {
        lock (_gate)
        {
            var outcomes = new List<SwapOutcome>();
            foreach (SwapEntry entry in Enumerable.Reverse(_held.ToArray()))
            {
                SwapOutcome outcome = On(entry);
                outcomes.Add(outcome);
                if (outcome.Result.IsOk || final)
                {
                    _held.Remove(entry);
                }
            }

            return new SwapBatchResult(outcomes, Persist());
        }
    }

    private void RollBack(List<SwapEntry> turnedOff, List<SwapOutcome> outcomes)
    {
        foreach (SwapEntry entry in Enumerable.Reverse(turnedOff))
        {
            SwapOutcome outcome = On(entry);
            outcomes.Add(outcome);
            if (outcome.Result.IsOk)
            {
                _held.Remove(entry);
            }
        }
    }

    /// <summary>A swapon; EBUSY means the area is on already (an admin turned it on), which is what was wanted.</summary>
    private SwapOutcome On(SwapEntry entry)
    {
        long start = _time.GetTimestamp();
        SwapCallResult result = _control.SwapOn(entry);
        if (result.Errno == SwapCallResult.EBUSY)
        {
            result = SwapCallResult.Ok;
        }

        return new SwapOutcome(entry, false, result, _time.GetElapsedTime(start));
    }

    /// <summary>Saves the held areas; the problem in words when the record cannot be written.</summary>
    private string? Persist()
    {
        try
        {
            _store.Save(_held);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the swap record {_store.FilePath} cannot be written ({ex.Message})";
        }
    }
}
