using System.Runtime.InteropServices;
using PiTune.Core.Platform;

namespace PiTune.Linux.Files;

/// <summary>
/// The errno values PiTune tells apart (generic Linux numbering: arm, arm64 and x64 agree), and what each means
/// for a kernel file, in words: a directory where an attribute should be is not a permission problem, and a
/// read-only mount is not a missing root.
/// </summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EAGAIN = 11; // EWOULDBLOCK: flock(LOCK_NB) on a lock someone holds
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EROFS = 30;

    /// <summary>The status a caller acts on, and the reason a log line gives.</summary>
    public static (ReadStatus Status, string Detail) Classify(int errno, bool write) => errno switch
    {
        ENOENT => (ReadStatus.Missing, "no such file"),

        // A path component became a file, or the device behind the attribute went away (hotplug, driver unloaded).
        ENOTDIR => (ReadStatus.Missing, "a component of the path is not a directory"),
        ENODEV or ENXIO => (ReadStatus.Missing, "the device behind it is gone"),
        EACCES or EPERM => (ReadStatus.PermissionDenied, Marshal.GetPInvokeErrorMessage(errno)),
        EISDIR => (ReadStatus.IoError, "it is a directory, not a kernel attribute"),

        // An export of a GPIO line or PWM channel a driver (or another program through /dev/gpiochipN) already holds.
        EBUSY => (ReadStatus.IoError, "busy: a driver or another program holds it"),

        // Under systemd's ProtectSystem=strict every path outside ReadWritePaths is a read-only mount.
        EROFS => (ReadStatus.IoError, "read-only file system (a read-only mount, or a path outside the unit's ReadWritePaths)"),
        ENOSPC => (ReadStatus.IoError, "no space left on device"),

        // A kernel attribute answers a value it does not accept with EINVAL.
        EINVAL when write => (ReadStatus.Garbage, Marshal.GetPInvokeErrorMessage(errno)),
        _ => (ReadStatus.IoError, Marshal.GetPInvokeErrorMessage(errno)),
    };
}
