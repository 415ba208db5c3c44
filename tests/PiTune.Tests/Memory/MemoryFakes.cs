using Microsoft.Extensions.Options;
using PiTune.Core.Inference;
using PiTune.Core.Pool;

namespace PiTune.Tests.Memory;

/// <summary>A buffer pool that records what the memory job asked of it.</summary>
internal sealed class FakeBufferPool : IBufferPoolControl
{
    public List<long?> Limits { get; } = [];

    public long BudgetBytes { get; set; } = 100 << 20;

    public long BytesFree { get; set; } = 60 << 20;

    public long BytesInUse { get; set; } = 20 << 20;

    public long Trim(long targetBytes) => throw new InvalidOperationException("the memory job holds the pool with SetPressureLimit");

    public void SetPressureLimit(long? maxBytes)
    {
        Limits.Add(maxBytes);
        if (maxBytes is { } max)
        {
            BytesFree = Math.Max(0, Math.Min(BytesFree, max - BytesInUse));
        }
    }
}

internal sealed class FakeBatcher : IBatchSizeLimiter
{
    public List<int?> Limits { get; } = [];

    public void SetPressureBatchLimit(int? maxBatchSize) => Limits.Add(maxBatchSize);
}

internal sealed class FakeActivity : IInferenceActivity
{
    public bool IsActive { get; set; }

    public event Action<bool>? ActivityChanged;

    public void Raise() => ActivityChanged?.Invoke(IsActive);
}

/// <summary>An options monitor whose value a test changes, telling listeners like a reload does.</summary>
internal sealed class ChangingOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    private readonly List<Action<T, string?>> _listeners = [];

    public T CurrentValue { get; private set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener)
    {
        _listeners.Add(listener);
        return null;
    }

    public void Set(T next)
    {
        CurrentValue = next;
        _listeners.ForEach(l => l(next, Options.DefaultName));
    }
}
