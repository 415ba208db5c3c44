namespace PiTune.Hosting;

/// <summary>Log destinations.</summary>
internal enum LogTarget
{
    Auto,
    Journal,
    Console,
}
