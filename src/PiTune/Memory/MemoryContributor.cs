using PiTune.Core.Memory;
using PiTune.Core.Metrics;

namespace PiTune.Memory;

/// <summary>Adds the memory job's pressure state to each snapshot (as of the job's last decision).</summary>
internal sealed class MemoryContributor : IMetricsContributor
{
    private int _state;

    public MemoryPressureState State
    {
        get => (MemoryPressureState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }

    public void Contribute(ResourceMetricsDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        draft.Memory = draft.Memory with { PressureState = State };
    }
}
