using Serilog;
using Serilog.Configuration;

namespace PiTune.Logging;

/// <summary><c>WriteTo.Journald(...)</c>.</summary>
internal static class JournaldSinkExtensions
{
    public static LoggerConfiguration Journald(this LoggerSinkConfiguration sinkConfiguration, string socketPath = "/run/systemd/journal/socket")
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return sinkConfiguration.Sink(new JournaldSink(socketPath));
    }
}
