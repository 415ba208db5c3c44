namespace PiTune.Profiles;

/// <summary>The outcome of a profile switch: applied, or refused with the problems in words (<see cref="NotFound"/>: no such profile).</summary>
internal sealed record ProfileSwitch(bool Applied, bool NotFound, string? Problems)
{
    public static readonly ProfileSwitch Done = new(true, false, null);
}
