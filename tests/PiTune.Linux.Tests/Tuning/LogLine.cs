using Microsoft.Extensions.Logging;

namespace PiTune.Linux.Tests.Tuning;

internal sealed record LogLine(LogLevel Level, int Id, string Message, Exception? Exception = null);
