namespace PiTune.Tests.Support;

/// <summary>Locates files of this repository from a test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleConfig => Path.Join(Root, "deploy", "appsettings.json");

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "PiTune.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PiTune.sln not found above " + AppContext.BaseDirectory);
    }
}
