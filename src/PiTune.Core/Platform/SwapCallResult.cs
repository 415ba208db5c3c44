namespace PiTune.Core.Platform;

/// <summary>The outcome of one swapoff or swapon: 0, or the errno with the C library's words for it.</summary>
public readonly record struct SwapCallResult(int Errno, string? Message)
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ENOMEM = 12;
    public const int EBUSY = 16;
    public const int EINVAL = 22;

    public static SwapCallResult Ok { get; } = new(0, null);

    public bool IsOk => Errno == 0;

    /// <summary>"EBUSY (16): Device or resource busy".</summary>
    public string Describe() => IsOk ? "ok" : $"{Name(Errno)} ({Errno}): {Message}";

    private static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ENOMEM => "ENOMEM",
        EBUSY => "EBUSY",
        EINVAL => "EINVAL",
        13 => "EACCES",
        _ => "errno",
    };
}
