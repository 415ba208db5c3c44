using System.Runtime.InteropServices;

namespace PiTune.Systemd;

/// <summary>
/// SIGHUP is PiTune's reload signal (<c>systemctl reload</c>). A process started under <c>nohup</c>, as a background job
/// of some shells, or by a harness inherits it as SIG_IGN, and .NET then installs no handler for it: a reload would do
/// nothing, silently. systemd starts units with every signal at its default, so this changes nothing there.
/// </summary>
internal static partial class HangupSignal
{
    private const int SIGHUP = 1;
    private static readonly nint SigDfl = 0;
    private static readonly nint SigIgn = 1;

    /// <summary>Puts SIGHUP back to its default if it was ignored; call before anything registers a signal handler.</summary>
    public static void TakeBackIfIgnored()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // signal() both sets and returns the previous disposition; anything but "ignored" is put back as it was.
        nint previous = Signal(SIGHUP, SigDfl);
        if (previous != SigIgn && previous != SigDfl)
        {
            Signal(SIGHUP, previous);
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
