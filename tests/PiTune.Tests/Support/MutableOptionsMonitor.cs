using Microsoft.Extensions.Options;

namespace PiTune.Tests.Support;

/// <summary>An options monitor whose value a test replaces, as a reload would.</summary>
internal sealed class MutableOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
