using Microsoft.Extensions.Configuration;
using PiTune.Cli;
using PiTune.Configuration;

namespace PiTune.Fuzz;

/// <summary>
/// A configuration file end to end as <c>pitune check-config FILE</c> reads it: the bytes written to a file in a
/// private temporary directory, <see cref="ConfigurationFactory"/>, then the checker (every section bound and validated).
/// </summary>
internal static class ConfigTarget
{
    private static readonly string Directory = System.IO.Directory.CreateTempSubdirectory("pitune-fuzz-config-").FullName;

    private static readonly string FilePath = Path.Join(Directory, "appsettings.json");

    // A replay outside afl exits normally and cleans up; under afl-fuzz the process is killed, and run.sh removes its TMPDIR.
    static ConfigTarget() => AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(Directory, recursive: true);

    public static void Run(ReadOnlySpan<byte> input)
    {
        File.WriteAllBytes(FilePath, input.ToArray());
        using ConfigurationManager? configuration = ConfigurationFactory.TryBuild(
            new ConfigSource(FilePath, "fuzz"), new Dictionary<string, string?>(), [], reloadOnChange: false, out string? error);
        if (configuration is null)
        {
            if (string.IsNullOrEmpty(error))
            {
                throw new ContractBrokenException("refused without an error message");
            }

            return;
        }

        List<string> problems = CheckConfigCommand.Check(configuration);
        if (problems.Any(string.IsNullOrWhiteSpace))
        {
            throw new ContractBrokenException("a problem with no words");
        }
    }
}
