using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace PiTune.Configuration;

/// <summary>
/// An <see cref="IOptionsMonitor{TOptions}"/> that only ever hands out validated settings: the first
/// value is validated at construction (start fails with the reason), later values replace it only
/// through <see cref="IReloadableOptions"/>, so a bad edit leaves the last good settings in force.
/// (The stock monitor would throw from <c>CurrentValue</c> after a bad edit.)
/// </summary>
internal sealed class ValidatedOptionsMonitor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T> : IOptionsMonitor<T>, IReloadableOptions
    where T : class
{
    private readonly IOptionsFactory<T> _factory;
    private readonly OptionsShape _shape;
    private readonly Lock _gate = new();
    private readonly List<Action<T, string?>> _listeners = [];
    private T _current;
    private T? _candidate;

    public ValidatedOptionsMonitor(IOptionsFactory<T> factory, string sectionName, OptionsShape shape)
    {
        _factory = factory;
        _shape = shape;
        SectionName = sectionName;
        _current = factory.Create(Options.DefaultName);
    }

    public string SectionName { get; }

    public T CurrentValue => Volatile.Read(ref _current);

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    public bool TryPrepare(List<string> problems)
    {
        _candidate = null;
        if (OptionsBinding.TryCreate(_factory, SectionName, _shape, problems, out T? candidate))
        {
            _candidate = candidate;
            return true;
        }

        return false;
    }

    public void Commit()
    {
        T? candidate = Interlocked.Exchange(ref _candidate, null);
        if (candidate is null)
        {
            return;
        }

        Volatile.Write(ref _current, candidate);
        Action<T, string?>[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        foreach (Action<T, string?> listener in listeners)
        {
            listener(candidate, Options.DefaultName);
        }
    }

    public void Discard() => _candidate = null;

    private sealed class Subscription(ValidatedOptionsMonitor<T> owner, Action<T, string?> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._listeners.Remove(listener);
            }
        }
    }
}
