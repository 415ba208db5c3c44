using System.Runtime.InteropServices;

namespace PiTune.Tests.Support;

/// <summary>
/// A test that needs root (a negative nice needs CAP_SYS_NICE). Without root it is skipped, saying why — except under CI
/// (the <c>CI</c> variable set, as GitHub Actions and most runners do), where it runs and fails on its first line: CI runs as root, and a
/// skip there would hide that the check never ran.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed partial class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!IsRoot && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = "needs root (a negative nice needs CAP_SYS_NICE); CI runs it as root";
        }
    }

    public static bool IsRoot => GetEuid() == 0;

    /// <summary>Call first in a root test: a clear failure instead of a run that could only prove less than it says.</summary>
    public static void Require() => Assert.True(IsRoot, "this test needs root (a negative nice needs CAP_SYS_NICE); run the tests as root, as CI does");

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
