using System.Globalization;
using System.Net.Sockets;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace PiTune.Logging;

/// <summary>
/// A Serilog sink that writes to systemd-journald on its native protocol: one datagram per event on
/// <c>/run/systemd/journal/socket</c>, with <c>MESSAGE</c>, <c>PRIORITY</c>, <c>SYSLOG_IDENTIFIER</c>,
/// <c>PITUNE_SERVICE</c>, the exception and every event property as its own upper-case field, so
/// <c>journalctl -u pitune PITUNE_SERVICE=thermal</c> and <c>journalctl TEMPERATUREC=...</c> work.
/// If the journal cannot be reached the event goes to stderr instead (which systemd also collects),
/// and that is said once.
/// </summary>
internal sealed class JournaldSink : ILogEventSink, IDisposable
{
    public const string Identifier = "pitune";

    // A datagram larger than the socket's send buffer fails with EMSGSIZE; then values are cut to this.
    private const int TruncatedValueBytes = 8 * 1024;

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly JournalFields _fields = new();
    private readonly TextWriter _fallback;
    private readonly Lock _gate = new();
    private bool _fallbackReported;

    // Strings as they are ("file change"), not quoted as Serilog's default rendering does, as on the console.
    private static readonly MessageTemplateTextFormatter MessageFormatter = new("{Message:lj}", CultureInfo.InvariantCulture);

    public JournaldSink(string socketPath, TextWriter? fallback = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        SocketPath = socketPath;
        _endPoint = new UnixDomainSocketEndPoint(socketPath);
        _fallback = fallback ?? Console.Error;
    }

    public string SocketPath { get; }

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        lock (_gate)
        {
            if (TrySend(logEvent, int.MaxValue, out SocketError error)
                || (error == SocketError.MessageSize && TrySend(logEvent, TruncatedValueBytes, out error)))
            {
                return;
            }

            if (!_fallbackReported)
            {
                _fallbackReported = true;
                _fallback.WriteLine($"pitune: cannot write to the journal at {SocketPath} ({error}); logging to stderr instead");
            }

            _fallback.WriteLine($"<{Priority(logEvent.Level)}>{Message(logEvent)}");
            if (logEvent.Exception is { } ex)
            {
                _fallback.WriteLine(ex.ToString());
            }
        }
    }

    private bool TrySend(LogEvent logEvent, int maxValueBytes, out SocketError error)
    {
        Format(logEvent, _fields, maxValueBytes);
        try
        {
            _socket.SendTo(_fields.Written.Span, SocketFlags.None, _endPoint);
            error = SocketError.Success;
            return true;
        }
        catch (SocketException ex)
        {
            error = ex.SocketErrorCode;
            return false;
        }
    }

    /// <summary>Writes <paramref name="logEvent"/> as journal fields. Internal for tests.</summary>
    internal static void Format(LogEvent logEvent, JournalFields fields, int maxValueBytes = int.MaxValue)
    {
        fields.Clear();
        fields.Add("MESSAGE", Message(logEvent), maxValueBytes);
        fields.Add("PRIORITY", Priority(logEvent.Level).ToString(CultureInfo.InvariantCulture));
        fields.Add("SYSLOG_IDENTIFIER", Identifier);
        if (logEvent.Exception is { } exception)
        {
            fields.Add("EXCEPTION", exception.ToString(), maxValueBytes);
            fields.Add("EXCEPTION_TYPE", exception.GetType().FullName ?? exception.GetType().Name);
        }

        foreach ((string name, LogEventPropertyValue value) in logEvent.Properties)
        {
            string field = name switch
            {
                ServiceEnricher.PropertyName => "PITUNE_SERVICE",
                "SourceContext" => "LOGGER",
                "EventId" => "EVENT_ID",
                _ => JournalFields.FieldName(name),
            };
            fields.Add(field, Render(name, value), maxValueBytes);
        }
    }

    private static string Message(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        MessageFormatter.Format(logEvent, writer);
        return writer.ToString();
    }

    /// <summary>syslog priorities (sd-daemon(3)): 2 crit, 3 err, 4 warning, 6 info, 7 debug.</summary>
    internal static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };

    private static string Render(string name, LogEventPropertyValue value)
    {
        // Microsoft.Extensions.Logging's EventId arrives as { Id: 1000, Name: "..." }: the number is what one filters on.
        if (name == "EventId" && value is StructureValue structure
            && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: { } id })
        {
            return Convert.ToString(id, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return value is ScalarValue scalar
            ? scalar.Value switch
            {
                null => string.Empty,
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString() ?? string.Empty,
            }
            : value.ToString(null, CultureInfo.InvariantCulture);
    }

    public void Dispose() => _socket.Dispose();
}
