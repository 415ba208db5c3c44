namespace PiTune.Cli;

/// <summary>Process exit codes (sysexits.h); the unit sets RestartPreventExitStatus=78 so a bad config is not restarted in a loop.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 64;
    public const int Unavailable = 69;
    public const int Software = 70;
    /// <summary>EX_TEMPFAIL: try again later. <c>run</c>: another PiTune holds the machine (it works once that one stops); <c>status</c>: timed out.</summary>
    public const int TempFail = 75;
    public const int Protocol = 76;
    public const int NoPermission = 77;
    public const int Config = 78;
}
