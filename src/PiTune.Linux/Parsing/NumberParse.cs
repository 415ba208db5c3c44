namespace PiTune.Linux.Parsing;

/// <summary>Why a number did or did not parse; overflow is told apart so the log can say so.</summary>
internal enum NumberParse
{
    Ok,
    Garbage,
    Overflow,
}
