using PiTune.Core.Memory;
using PiTune.Core.Metrics;

namespace PiTune.Memory;

/// <summary>Adds the memory job's pressure state and the limits it holds to each snapshot (as of the job's last decision).</summary>
internal sealed class MemoryContributor : IMetricsContributor
{
    private int _state;
    private PressureLimits? _limits;

    /// <summary>The limits in force, or null.</summary>
    public PressureLimits? Limits
    {
        get => Volatile.Read(ref _limits);
        set => Volatile.Write(ref _limits, value);
    }

    public MemoryPressureState State
    {
        get => (MemoryPressureState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }

    public void Contribute(ResourceMetricsDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        draft.Memory = draft.Memory with { PressureState = State, PressureLimits = Limits };
    }
}
