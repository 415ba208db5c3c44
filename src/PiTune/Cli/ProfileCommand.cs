namespace PiTune.Cli;

internal static class ProfileCommand
{
    public static Task<int> RunAsync(CommandLine commandLine, TextWriter stdout, TextWriter stderr) => Task.FromResult(ExitCodes.Usage);
}
