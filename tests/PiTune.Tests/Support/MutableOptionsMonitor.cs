using Microsoft.Extensions.Options;

namespace PiTune.Tests.Support;

/// <summary>An options monitor whose value a test replaces, as a reload would; <see cref="Reload"/> also tells the listeners.</summary>
internal sealed class MutableOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    private readonly List<Action<T, string?>> _listeners = [];

    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener)
    {
        _listeners.Add(listener);
        return null;
    }

    /// <summary>Replaces the value and calls each listener on the calling thread, as the options monitor does after a reload.</summary>
    public void Reload(T next)
    {
        CurrentValue = next;
        foreach (Action<T, string?> listener in _listeners)
        {
            listener(next, null);
        }
    }
}
