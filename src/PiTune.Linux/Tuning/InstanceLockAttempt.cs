namespace PiTune.Linux.Tuning;

/// <summary>
/// The outcome of <see cref="InstanceLock.TryAcquire"/>: the lock, or why another PiTune has it (naming its PID).
/// <see cref="Warnings"/> say which lock could not be taken for a reason other than a holder (a read-only state
/// directory, say) while the other one still keeps a second daemon out.
/// </summary>
public sealed record InstanceLockAttempt(InstanceLock? Lock, string? Refusal, IReadOnlyList<string> Warnings);
