using System.Diagnostics;

namespace PiTune.Tests.Faults;

/// <summary>
/// A test that needs a private mount namespace (<c>unshare --mount</c>: root with CAP_SYS_ADMIN) to make one file a
/// read-only mount, the only way to get EROFS for a process that passes every permission check. Skipped, saying
/// why, where that is not allowed; never touches the machine's own mounts (the namespace dies with the daemon).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MountNamespaceFactAttribute : FactAttribute
{
    private static readonly bool Available = Probe();

    public MountNamespaceFactAttribute()
    {
        if (!Available)
        {
            Skip = "needs `unshare --mount` (root with CAP_SYS_ADMIN) for a read-only bind mount";
        }
    }

    private static bool Probe()
    {
        try
        {
            using Process? probe = Process.Start(new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "true"])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (probe is null)
            {
                return false;
            }

            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
