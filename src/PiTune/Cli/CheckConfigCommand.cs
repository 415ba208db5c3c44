using Microsoft.Extensions.Configuration;
using PiTune.Configuration;

namespace PiTune.Cli;

/// <summary><c>pitune check-config [PATH]</c>: validates a configuration like <c>nginx -t</c>.</summary>
internal static class CheckConfigCommand
{
    public static int Run(CommandLine commandLine, TextWriter stdout, TextWriter stderr)
    {
        string? path = commandLine.Positional.Count > 0 ? commandLine.Positional[0] : commandLine.ConfigPath;
        ConfigSource source = ConfigSource.Resolve(path);
        using ConfigurationManager? configuration = ConfigurationFactory.TryBuild(
            source, new Dictionary<string, string?>(), commandLine.ConfigArgs, reloadOnChange: false, out string? error);
        if (configuration is null)
        {
            stderr.WriteLine($"pitune: {error}");
            return ExitCodes.Config;
        }

        List<string> problems = Check(configuration);
        problems.AddRange(ConfigChecker.CheckModelFiles(configuration));
        if (problems.Count > 0)
        {
            stderr.WriteLine($"pitune: {problems.Count} problem(s) in the configuration (file: {source}):");
            foreach (string problem in problems)
            {
                stderr.WriteLine($"  - {ConfigOrigins.Annotate(configuration, problem)}");
            }

            return ExitCodes.Config;
        }

        stdout.WriteLine($"pitune: {source}: configuration is valid");
        return ExitCodes.Ok;
    }

    /// <summary>Every problem in <paramref name="configuration"/>, each naming its key and value (the daemon's start asks the same).</summary>
    public static List<string> Check(IConfiguration configuration) => ConfigChecker.Check(configuration);
}
