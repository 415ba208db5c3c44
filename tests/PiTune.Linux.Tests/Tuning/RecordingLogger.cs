using Microsoft.Extensions.Logging;

namespace PiTune.Linux.Tests.Tuning;

/// <summary>An ILogger that keeps what was logged, for assertions.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly Lock _gate = new();
    private readonly List<LogLine> _lines = [];

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public IReadOnlyList<LogLine> WithId(int eventId) => Lines.Where(l => l.Id == eventId).ToList();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _lines.Add(new LogLine(logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}
