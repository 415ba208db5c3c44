namespace PiTune.Core.Faults;

/// <summary>What the log should say about a source this time; <see cref="None"/> means say nothing.</summary>
public enum FaultTransition
{
    None,
    /// <summary>The source failed for the first time (or again after a recovery): log it once, with the reason.</summary>
    Failed,
    /// <summary>Still failing after a summary interval: log one line with the count.</summary>
    StillFailing,
    /// <summary>Working again: log the recovery with how long it was down.</summary>
    Recovered,
    /// <summary>Missing from the first look: the machine simply does not have it. Log once, quietly.</summary>
    Absent,
    /// <summary>An absent source appeared (hotplug, module loaded).</summary>
    Appeared,
}
