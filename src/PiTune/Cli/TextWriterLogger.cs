using Microsoft.Extensions.Logging;

namespace PiTune.Cli;

/// <summary>
/// Log lines as "pitune: ..." on a writer, for work done before (or instead of) the host and its log sinks: the
/// restore at a refused start. Information and above.
/// </summary>
internal sealed class TextWriterLogger<T>(TextWriter writer) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        writer.WriteLine($"pitune: {formatter(state, exception)}{(exception is null ? "" : ": " + exception.Message)}");
    }
}
