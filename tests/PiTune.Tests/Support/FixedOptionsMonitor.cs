using Microsoft.Extensions.Options;

namespace PiTune.Tests.Support;

/// <summary>An options monitor holding one value, for services under test.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
