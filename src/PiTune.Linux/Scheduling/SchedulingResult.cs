namespace PiTune.Linux.Scheduling;

/// <summary>The outcome of one scheduling call: ok, or the errno with a sentence an admin can act on.</summary>
public readonly record struct SchedulingResult(string Call, int Errno, string? Problem)
{
    public const int EPERM = 1;
    public const int ESRCH = 3;
    public const int EINVAL = 22;

    public bool IsOk => Errno == 0;

    public static SchedulingResult Ok(string call) => new(call, 0, null);

    public string Describe() => IsOk ? $"{Call}: ok" : $"{Call}: {Problem}";
}
