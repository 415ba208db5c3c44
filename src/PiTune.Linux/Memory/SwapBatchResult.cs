namespace PiTune.Linux.Memory;

/// <summary>
/// What one round of swap changes did: every call in order (including a rollback's swapons), and a problem that
/// stopped the round before any call (the record could not be saved).
/// </summary>
public sealed record SwapBatchResult(IReadOnlyList<SwapOutcome> Outcomes, string? Problem)
{
    public bool AllOk => Problem is null && Outcomes.All(o => o.Result.IsOk);
}
