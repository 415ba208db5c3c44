namespace PiTune.Cli;

/// <summary>The daemon answered <c>pitune top</c>, but not with what top asked for.</summary>
internal sealed class TopReplyException(string message) : Exception(message);
